namespace Waitinator.TaskQueue.Processing;

/// <summary>A task whose arguments a handler cannot use: it fails at once, with no retry.</summary>
public sealed class TaskRejectedException(string message) : Exception(message);
