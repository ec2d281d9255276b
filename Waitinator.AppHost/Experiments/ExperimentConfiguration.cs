using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.AppHost.Experiments;

/// <summary>One worker set-up an experiment measures; unset fields take the experiment's or the worker's defaults.</summary>
public sealed record ExperimentConfiguration
{
    /// <summary>Names the configuration's folder and its worker-NAME and producer-NAME resources.</summary>
    public string Name { get; init; } = "";

    public ExecutionModel ExecutionModel { get; init; } = ExecutionModel.Async;

    public int Concurrency { get; init; } = 1;

    public int PrefetchMultiplier { get; init; } = 1;

    public AckMode AckMode { get; init; } = AckMode.Early;

    public int Replicas { get; init; } = 1;

    /// <summary>Header sizes of the chords the producer submits; unset takes the experiment's.</summary>
    public int[]? Chords { get; init; }

    /// <summary>Consumers each queue gets once every worker is up: one per replica, or one per child in the process model.</summary>
    public int ExpectedConsumers => Replicas * ToWorkerOptions().ConsumingProcesses;

    public WorkerOptions ToWorkerOptions() => new()
    {
        ExecutionModel = ExecutionModel,
        Concurrency = Concurrency,
        PrefetchMultiplier = PrefetchMultiplier,
        Acks = AckMode,
    };
}
