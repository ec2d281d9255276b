namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// One worker setup under test: the engine (.NET or Python Celery), its execution model or pool, concurrency, prefetch,
/// when it acknowledges, and how many worker processes of it run side by side (replicas).
/// </summary>
internal sealed record Contender(Engine Engine, string Model, int Concurrency, int PrefetchMultiplier = 1, int Replicas = 1, bool AcksLate = false)
{
    public string Name => $"{(Engine == Engine.DotNet ? "dotnet" : "celery")} {Model}-{Concurrency}{(Replicas > 1 ? $" x{Replicas}" : "")}";

    /// <summary>The name with the settings a scenario varies: prefetch multiplier and acknowledgement.</summary>
    public string Setting => $"prefetch {PrefetchMultiplier}, acks {(AcksLate ? "late" : "early")}";

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

    /// <summary>Tasks the whole set runs at once.</summary>
    public int Slots => (Model == "solo" ? 1 : Concurrency) * Replicas;

    public static Contender DotNet(string model, int concurrency, int prefetchMultiplier = 1) => new(Engine.DotNet, model, concurrency, prefetchMultiplier);

    public static Contender Celery(string pool, int concurrency, int prefetchMultiplier = 1) => new(Engine.Celery, pool, concurrency, prefetchMultiplier);
}

internal enum Engine
{
    DotNet,
    Celery,
}
