using Waitinator.TaskQueue.Protocol;

namespace Waitinator.TaskQueue.Processing;

/// <summary>One task as a handler sees it: the message, how it was delivered, and who runs it.</summary>
public sealed record TaskRequest(TaskMessage Message, bool Redelivered, string Queue, WorkerIdentity Worker)
{
    public string Id => Message.Headers.Id;
}
