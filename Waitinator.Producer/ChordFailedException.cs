namespace Waitinator.Producer;

internal sealed class ChordFailedException(string message) : Exception(message);
