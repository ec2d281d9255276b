namespace Waitinator.TaskQueue.Hosting;

/// <summary>The queues a host's code says its worker consumes when Worker:Queues is unset (<see cref="TaskQueueWorkerBuilder.ConsumeByDefault"/>).</summary>
internal sealed class DefaultQueues
{
    public List<string> Names { get; } = [];
}
