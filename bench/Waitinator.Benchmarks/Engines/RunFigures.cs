namespace Waitinator.Benchmarks.Engines;

/// <summary>What one run of one trial measured. Times in seconds, memory in MB; null where the scenario does not measure it.</summary>
internal sealed record RunFigures(string Scenario, string Contender, string Engine, string Family, int Concurrency, int Tasks, int Repetition)
{
    public bool Succeeded => Error is null;

    public string? Error { get; init; }

    /// <summary>The original's total time: the last task's end minus the first task's start.</summary>
    public double? TotalSeconds { get; init; }

    /// <summary>max(longest sleep, summed sleeps / slots): what a perfect engine with this concurrency would take.</summary>
    public double? IdealSeconds { get; init; }

    public double? RatioToIdeal => TotalSeconds / IdealSeconds;

    /// <summary>From the first publish to the last result (chords: the last callback's result).</summary>
    public double? EndToEndSeconds { get; init; }

    /// <summary>
    /// How long publishing every task took, confirms included: for chords while the worker consumes; for no-op tasks
    /// before the worker starts, so the publisher and RabbitMQ alone.
    /// </summary>
    public double? PublishSeconds { get; init; }

    /// <summary>
    /// Chords with a slot per task: the same workload, just before the run, through RabbitMQ to a consumer that only
    /// acknowledges, from the first submit to the last delivery; null otherwise.
    /// </summary>
    public double? FloorSeconds { get; init; }

    /// <summary>
    /// The best total / ideal any worker could reach in this run: no task starts before its message is delivered, and
    /// with a slot per task the ideal is the longest sleep, so (floor seconds + ideal) / ideal.
    /// </summary>
    public double? FloorRatio => (FloorSeconds + IdealSeconds) / IdealSeconds;

    /// <summary>
    /// total / ideal less this run's floor: what the worker itself added, apart from the machine's moment-to-moment speed
    /// at publishing (the floor moved by 0.2x between runs minutes apart on a 2-core machine).
    /// </summary>
    public double? OverFloor => RatioToIdeal - FloorRatio;

    /// <summary>Chords: the first task's start to the last one's; with a slot per task, how fast the worker takes work on.</summary>
    public double? StartSpreadSeconds { get; init; }

    /// <summary>Chords: the warm-up chord's submit to callback on the fresh worker, before the measured work (null without one).</summary>
    public double? WarmUpSeconds { get; init; }

    /// <summary>noop: tasks per second between the first and the last result.</summary>
    public double? TasksPerSecond { get; init; }

    /// <summary>CPU seconds (user + system) the worker's processes used from start to stop, warm-up included.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>CPU seconds RabbitMQ and Redis used during the run (null when their processes are not visible, as in containers).</summary>
    public double? ServerCpuSeconds { get; init; }

    public double IdleMegabytes { get; init; }

    public double PeakMegabytes { get; init; }

    public int PeakProcesses { get; init; }

    public int PeakThreads { get; init; }

    public int PeakBrokerConnections { get; init; }

    public int PeakRedisConnections { get; init; }
}
