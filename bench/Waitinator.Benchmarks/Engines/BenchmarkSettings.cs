using Waitinator.Worker;

namespace Waitinator.Benchmarks.Engines;

/// <summary>The engine benchmark's command-line settings.</summary>
internal sealed record BenchmarkSettings(
    IReadOnlyList<string> Scenarios,
    int Repetitions,
    double TimeScale,
    bool IncludeCelery,
    int NoopTasks,
    int CeleryNoopTasks,
    int WideTasks,
    IReadOnlyList<int> ScaleTasks,
    string? Only,
    int WarmUpTasks,
    ApiProtocol ApiProtocol,
    string Output)
{
    public MixedWorkload Mixed { get; init; } = new();

    public LatencyWorkload Latency { get; init; } = new();
}

/// <summary>
/// The mixed scenario's workload: long and short waitinate tasks of named sleeps, the long ones spread evenly among the
/// short ones, published open-loop at an even rate over the arrival window, on Slots slots in every contender.
/// </summary>
internal sealed record MixedWorkload(int LongTasks = 20, double LongSeconds = 20, int ShortTasks = 2000, double ShortSeconds = 0.05, double ArrivalSeconds = 20, int Slots = 16)
{
    public int Tasks => LongTasks + ShortTasks;

    /// <summary>The sleeps in publish order: a long one at the start of each of LongTasks equal stretches.</summary>
    public IReadOnlyList<double> Sleeps()
    {
        var every = LongTasks == 0 ? int.MaxValue : Math.Max(1, Tasks / LongTasks);
        var longs = 0;
        return [.. Enumerable.Range(0, Tasks).Select(index => index % every == 0 && longs++ < LongTasks ? LongSeconds : ShortSeconds)];
    }
}

/// <summary>The latency scenario: no-op tasks published open-loop at each rate for Seconds.</summary>
internal sealed record LatencyWorkload(IReadOnlyList<int>? Rates = null, double Seconds = 10)
{
    public IReadOnlyList<int> RatesPerSecond => Rates ?? [500, 2_000, 5_000];
}
