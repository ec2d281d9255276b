namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// The benchmark's scenarios as trials, .NET and Celery side by side:
/// noop (throughput of tasks that do nothing), wide (1,000 waitinate tasks in chords of 100 at concurrency 1,000),
/// scale (N = C = 100, 1,000, 10,000 in the async model and gevent), slots (memory per busy slot for each model, from two concurrencies).
/// </summary>
internal static class Scenarios
{
    public static readonly string[] Names = ["noop", "wide", "scale", "slots"];

    public static IReadOnlyList<Trial> For(string scenario, BenchmarkSettings settings) => scenario switch
    {
        "noop" => Noop(settings),
        "wide" => Wide(settings),
        "scale" => Scale(settings),
        "slots" => Slots(),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, $"Scenarios: {string.Join(", ", Names)}, all."),
    };

    /// <summary>Each engine's models with their usual concurrency; prefetch 4 (Celery's default multiplier) for both.</summary>
    private static List<Trial> Noop(BenchmarkSettings settings) =>
    [
        new("noop", Contender.DotNet("async", 100, 4), settings.NoopTasks, 0),
        new("noop", Contender.DotNet("async", 1000, 4), settings.NoopTasks, 0),
        new("noop", Contender.DotNet("threads", 8, 4), settings.NoopTasks, 0),
        new("noop", Contender.DotNet("process", 2, 4), settings.NoopTasks, 0),
        new("noop", Contender.DotNet("solo", 1, 4), settings.NoopTasks, 0),
        new("noop", Contender.Celery("gevent", 100, 4), settings.CeleryNoopTasks, 0),
        new("noop", Contender.Celery("eventlet", 100, 4), settings.CeleryNoopTasks, 0),
        new("noop", Contender.Celery("threads", 8, 4), settings.CeleryNoopTasks, 0),
        new("noop", Contender.Celery("prefork", 2, 4), settings.CeleryNoopTasks, 0),
        new("noop", Contender.Celery("solo", 1, 4), settings.CeleryNoopTasks, 0),
    ];

    /// <summary>
    /// N tasks at concurrency N where a model can hold it; a process per slot cannot hold 1,000, so those run 64 tasks
    /// on 16 children (4 rounds), the original investigation's largest prefork.
    /// </summary>
    private static List<Trial> Wide(BenchmarkSettings settings) =>
    [
        new("wide", Contender.DotNet("async", settings.WideTasks), settings.WideTasks, 100),
        new("wide", Contender.DotNet("threads", settings.WideTasks), settings.WideTasks, 100),
        new("wide", Contender.DotNet("process", 16), 64, 16),
        new("wide", Contender.Celery("gevent", settings.WideTasks), settings.WideTasks, 100),
        new("wide", Contender.Celery("eventlet", settings.WideTasks), settings.WideTasks, 100),
        new("wide", Contender.Celery("threads", settings.WideTasks), settings.WideTasks, 100),
        new("wide", Contender.Celery("prefork", 16), 64, 16),
    ];

    private static List<Trial> Scale(BenchmarkSettings settings) =>
        settings.ScaleTasks.SelectMany(n => new Trial[]
        {
            new("scale", Contender.DotNet("async", n), n, 100),
            new("scale", Contender.Celery("gevent", n), n, 100),
        }).ToList();

    /// <summary>Every slot busy (N = C) at a low and a high concurrency; the slope is what one more busy slot costs.</summary>
    private static List<Trial> Slots() =>
    [
        .. Pair(Contender.DotNet("async", 10), 1000),
        .. Pair(Contender.DotNet("threads", 10), 200),
        .. Pair(Contender.DotNet("process", 1), 4),
        .. Pair(Contender.Celery("gevent", 10), 1000),
        .. Pair(Contender.Celery("eventlet", 10), 1000),
        .. Pair(Contender.Celery("threads", 10), 200),
        .. Pair(Contender.Celery("prefork", 1), 4),
    ];

    private static Trial[] Pair(Contender low, int high) =>
    [
        new("slots", low, low.Concurrency, Math.Min(100, low.Concurrency)),
        new("slots", low with { Concurrency = high }, high, Math.Min(100, high)),
    ];
}
