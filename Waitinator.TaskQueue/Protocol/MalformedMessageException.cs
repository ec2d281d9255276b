namespace Waitinator.TaskQueue.Protocol;

/// <summary>
/// A message that is not a Celery task the worker can run; the message says why, naming the field at fault.
/// <see cref="TaskId"/> is the message's task id when it could be read, so that a client waiting on it can be told.
/// </summary>
public sealed class MalformedMessageException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    public string? TaskId { get; init; }
}
