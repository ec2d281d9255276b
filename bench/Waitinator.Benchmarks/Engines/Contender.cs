namespace Waitinator.Benchmarks.Engines;

/// <summary>One worker setup under test: the engine (.NET or Python Celery), its execution model or pool, concurrency and prefetch.</summary>
internal sealed record Contender(Engine Engine, string Model, int Concurrency, int PrefetchMultiplier = 1)
{
    public string Name => $"{(Engine == Engine.DotNet ? "dotnet" : "celery")} {Model}-{Concurrency}";

    /// <summary>
    /// Which .NET model and which Celery pools answer the same question: async slots and green threads (gevent,
    /// eventlet) multiplex I/O in one process; threads are threads; process and prefork run one task per child.
    /// </summary>
    public string Family => Model switch
    {
        "async" or "gevent" or "eventlet" => "one process, I/O multiplexed",
        "threads" => "one process, OS threads",
        "process" or "prefork" => "a process per slot",
        _ => "one task at a time",
    };

    /// <summary>Processes of this worker that consume the queues: RabbitMQ counts one consumer per queue for each.</summary>
    public int ConsumingProcesses => Engine == Engine.DotNet && Model == "process" ? Concurrency : 1;

    public static Contender DotNet(string model, int concurrency, int prefetchMultiplier = 1) => new(Engine.DotNet, model, concurrency, prefetchMultiplier);

    public static Contender Celery(string pool, int concurrency, int prefetchMultiplier = 1) => new(Engine.Celery, pool, concurrency, prefetchMultiplier);
}

internal enum Engine
{
    DotNet,
    Celery,
}
