namespace Waitinator.Benchmarks.Engines;

/// <summary>What one run of one trial measured. Times in seconds, memory in MB; null where the scenario does not measure it.</summary>
internal sealed record RunFigures(string Scenario, string Contender, string Engine, string Family, int Concurrency, int Tasks, int Repetition)
{
    public bool Succeeded => Error is null;

    public string? Error { get; init; }

    /// <summary>mixed: the prefetch and acknowledgement setting of the run.</summary>
    public string? Setting { get; init; }

    /// <summary>The original's total time: the last task's end minus the first task's start.</summary>
    public double? TotalSeconds { get; init; }

    /// <summary>The perfect shared queue's makespan with this concurrency (mixed: from the first publish, with the arrival times).</summary>
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

    /// <summary>Peak proportional set size of the worker's processes: shared pages (libraries, a forked parent's) counted once.</summary>
    public double PeakProportionalMegabytes { get; init; }

    /// <summary>noop: tasks per second of a consumer with no engine doing the same broker and Redis work, just before the run.</summary>
    public double? FloorTasksPerSecond { get; init; }

    /// <summary>noop: the engine's throughput as a share of the minimal consumer's; one less it, the engine's own part of a task's cost.</summary>
    public double? ShareOfFloor => TasksPerSecond / FloorTasksPerSecond;

    /// <summary>mixed: the short tasks' wait from publish to start, in seconds.</summary>
    public Percentiles? ShortWait { get; init; }

    /// <summary>mixed: the same tasks' wait on a perfect shared queue with the same slots, durations and arrival times.</summary>
    public Percentiles? IdealShortWait { get; init; }

    /// <summary>
    /// mixed: p95 short wait against the perfect shared queue's; none where the perfect queue's p95 is under a millisecond
    /// (it had a free slot for nearly every short task), as any dispatch at all is then a large multiple of it.
    /// </summary>
    public double? ShortWaitP95Ratio => IdealShortWait?.P95 >= 0.001 ? ShortWait?.P95 / IdealShortWait.P95 : null;

    /// <summary>mixed: how much longer than on the perfect shared queue the p95 short task waited, in seconds.</summary>
    public double? ShortWaitP95Excess => ShortWait?.P95 - IdealShortWait?.P95;

    /// <summary>latency: the rate the tasks were scheduled at, a second.</summary>
    public double? Rate { get; init; }

    /// <summary>latency: the most the publisher ran behind its schedule, in seconds (its lag counts in the latencies).</summary>
    public double? PublishLagSeconds { get; init; }

    /// <summary>latency: scheduled publish to the task's start, in milliseconds.</summary>
    public Percentiles? StartLatency { get; init; }

    /// <summary>latency: scheduled publish to the result's date_done (set as it is stored), in milliseconds.</summary>
    public Percentiles? ResultLatency { get; init; }

    public int PeakProcesses { get; init; }

    public int PeakThreads { get; init; }

    public int PeakBrokerConnections { get; init; }

    public int PeakRedisConnections { get; init; }
}
