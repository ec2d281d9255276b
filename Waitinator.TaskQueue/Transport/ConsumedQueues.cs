namespace Waitinator.TaskQueue.Transport;

/// <summary>The queues a worker declares and consumes, in order.</summary>
internal sealed record ConsumedQueues(IReadOnlyList<string> Names);
