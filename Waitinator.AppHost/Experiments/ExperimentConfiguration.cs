using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.AppHost.Experiments;

/// <summary>One worker set-up an experiment measures; unset fields take the experiment's or the worker's defaults.</summary>
public sealed record ExperimentConfiguration
{
    /// <summary>Names the configuration's folder and its worker-NAME and producer-NAME resources.</summary>
    public string Name { get; init; } = "";

    public WorkerEngine Engine { get; init; } = WorkerEngine.Dotnet;

    /// <summary>The .NET engine's execution model (Async when unset); not for Celery.</summary>
    public ExecutionModel? ExecutionModel { get; init; }

    /// <summary>Celery's pool (`-P`); Celery only, and required there.</summary>
    public CeleryPool? Pool { get; init; }

    /// <summary>
    /// The AMQP heartbeat the workers ask for, in seconds (0 turns heartbeats off): Celery's broker_heartbeat, or
    /// RabbitMQ.Client's RequestedHeartbeat for the .NET engine; unset keeps each client's default.
    /// </summary>
    public double? BrokerHeartbeat { get; init; }

    public int Concurrency { get; init; } = 1;

    public int PrefetchMultiplier { get; init; } = 1;

    public AckMode AckMode { get; init; } = AckMode.Early;

    public int Replicas { get; init; } = 1;

    /// <summary>Header sizes of the chords the producer submits; unset takes the experiment's.</summary>
    public int[]? Chords { get; init; }

    /// <summary>Consumers each queue gets once every worker is up: one per replica, as either engine consumes in its main process whatever its pool.</summary>
    public int ExpectedConsumers => Replicas;

    public WorkerOptions ToWorkerOptions() => new()
    {
        ExecutionModel = ExecutionModel ?? TaskQueue.Concurrency.ExecutionModel.Async,
        Concurrency = Concurrency,
        PrefetchMultiplier = PrefetchMultiplier,
        Acks = AckMode,
    };
}
