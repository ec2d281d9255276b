using Waitinator.Contracts.Telemetry;
using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Analysis;

/// <summary>Turns one process's raw samples into its clean timeline on the repetition's clock and window.</summary>
public static class ProcessTimelineBuilder
{
    private const double BytesPerMb = 1024 * 1024;

    public static ProcessTimeline Build(string service, int pid, IReadOnlyList<MetricSample> samples, ServerConnectionCounts server, RepetitionClock clock)
    {
        var cpuSeconds = CumulativeCpuSeconds(samples, clock);
        var reportedCpu = Levels(samples, LabMetrics.CpuUtilization, clock);
        var memory = Levels(samples, LabMetrics.MemoryUsage, clock);
        var broker = Levels(samples, LabMetrics.BrokerConnections, clock);
        var redis = Levels(samples, LabMetrics.RedisConnections, clock);
        var inFlight = Levels(samples, LabMetrics.TasksInFlight, clock);
        var client = $"{service}-{pid}";
        var serverBroker = server.For(ServerConnectionCounts.RabbitMQ, client);
        var serverRedis = server.For(ServerConnectionCounts.Redis, client);

        var points = clock.GridSeconds()
            .Select(second => new TimelinePoint(
                second,
                clock.TimeOf(second),
                cpuSeconds?.RateOver(second - RepetitionClock.StepSeconds, second),
                SumOfLevels(reportedCpu, second),
                SumOfLevels(memory, second) / BytesPerMb,
                SumOfLevels(broker, second),
                SumOfLevels(redis, second),
                serverBroker?.LevelAt(second),
                serverRedis?.LevelAt(second),
                SumOfLevels(inFlight, second)))
            .Where(point => point.HasAnyValue)
            .ToList();
        return new ProcessTimeline(service, pid, points);
    }

    /// <summary>
    /// process.cpu.time comes as one cumulative series per cpu.mode, all modes sampled at one timestamp: their sum is
    /// the CPU time used so far. A timestamp missing a mode is dropped rather than read as a drop in CPU time.
    /// </summary>
    private static SampleSeries? CumulativeCpuSeconds(IEnumerable<MetricSample> samples, RepetitionClock clock)
    {
        var byTime = samples.Where(s => s.Metric == LabMetrics.CpuTime && s.Value is not null).GroupBy(s => s.Timestamp).ToList();
        if (byTime.Count == 0)
        {
            return null;
        }

        var modes = byTime.Max(g => g.Count());
        return SampleSeries.From(byTime.Where(g => g.Count() == modes).Select(g => (clock.SecondsOf(g.Key), g.Sum(s => s.Value!.Value))));
    }

    /// <summary>One level series per attribute set of the metric (e.g. in-flight tasks per task name).</summary>
    private static IReadOnlyList<SampleSeries> Levels(IEnumerable<MetricSample> samples, string metric, RepetitionClock clock) =>
    [
        .. samples.Where(s => s.Metric == metric && s.Value is not null)
            .GroupBy(s => s.AttributeKey())
            .Select(g => SampleSeries.From(g.Select(s => (clock.SecondsOf(s.Timestamp), s.Value!.Value))))
            .OfType<SampleSeries>(),
    ];

    private static double? SumOfLevels(IReadOnlyList<SampleSeries> series, double second)
    {
        double? sum = null;
        foreach (var level in series.Select(s => s.LevelAt(second)).OfType<double>())
        {
            sum = (sum ?? 0) + level;
        }

        return sum;
    }
}
