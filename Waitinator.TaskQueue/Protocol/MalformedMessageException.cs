namespace Waitinator.TaskQueue.Protocol;

/// <summary>A message that is not a Celery task the worker can run; the message says why.</summary>
public sealed class MalformedMessageException(string reason, Exception? inner = null) : Exception(reason, inner);
