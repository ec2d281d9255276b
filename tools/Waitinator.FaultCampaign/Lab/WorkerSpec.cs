namespace Waitinator.FaultCampaign.Lab;

/// <summary>One worker of the campaign's fleet: an execution model and its concurrency, all acknowledging late.</summary>
public sealed record WorkerSpec(string Name, string Model, int Concurrency)
{
    /// <summary>Every execution model, the async one twice (replicas of one configuration), the process model with children.</summary>
    public static readonly IReadOnlyList<WorkerSpec> Fleet =
    [
        new("async-a", "Async", 8),
        new("async-b", "Async", 8),
        new("threads", "Threads", 4),
        new("solo", "Solo", 1),
        new("process", "Process", 2),
    ];
}
