using System.Globalization;
using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>
/// The original investigation's tables (baseline, average task time, total time, improvement on the baseline), each
/// configuration's median over its repetitions with their range, plus the ideal and the resources.
/// </summary>
public static class ReportTables
{
    public static IReadOnlyList<ReportTable> Build(ExperimentResult experiment) =>
        experiment.Baseline is null ? [] : [Baseline(experiment.Baseline), AverageTaskTime(experiment), TotalTime(experiment), TaskPercentiles(experiment), Resources(experiment), Repetitions(experiment)];

    private static ReportTable Baseline(ConfigurationResult baseline)
    {
        var spreads = baseline.Spreads;
        return new ReportTable(
            "Baseline",
            $"The first configuration, {baseline.Name}: {baseline.Settings.Describe()}. Medians over its repetitions.",
            ["configuration", "settings", "repetitions", "tasks", "average task (s)", "total (s)", "ideal (s)", "total / ideal"],
            [[
                baseline.Name,
                baseline.Settings.Describe(),
                Repetitions(baseline),
                ReportFormat.Count(spreads.TaskCount?.Median),
                ReportFormat.Seconds(spreads.MeanTaskSeconds?.Median),
                ReportFormat.Seconds(spreads.TotalSeconds?.Median),
                ReportFormat.Seconds(spreads.IdealSeconds?.Median),
                ReportFormat.Ratio(spreads.RatioToIdeal?.Median),
            ]]);
    }

    private static ReportTable AverageTaskTime(ExperimentResult experiment) => new(
        "Average task time per configuration",
        "AVG(ended_at - started_at) over the worker's waitinate_tasks; median over the repetitions, range [min, max].",
        ["configuration", "engine", "pool", "settings", "slots", "repetitions", "average task (s)", "range (s)"],
        [
            .. experiment.Configurations.Select(c => (IReadOnlyList<string>)
            [
                c.Name,
                c.Settings.EngineName,
                c.Settings.PoolName ?? ReportFormat.Missing,
                c.Settings.Describe(),
                Slots(c),
                Repetitions(c),
                ReportFormat.Seconds(c.Spreads.MeanTaskSeconds?.Median),
                ReportFormat.Range(c.Spreads.MeanTaskSeconds, ReportFormat.Seconds),
            ]),
        ]);

    private static ReportTable TotalTime(ExperimentResult experiment) => new(
        "Total time per configuration",
        $"MAX(ended_at) - MIN(started_at) over all tasks of both chords; median over the repetitions, range [min, max]. "
        + "Ideal: when a perfect shared queue with the same slots (replicas x concurrency) would have ended the same sleeps, each taken in publish order by the first free slot with no dispatch cost. "
        + "Lower bound: max(longest sleep, sum of sleeps / slots), which no schedule beats and few reach, as a task cannot be split across slots. "
        + $"Improvement: median total against the baseline's ({experiment.Baseline?.Name}), negative is faster. "
        + "Interval: of the change, from the smallest to the largest ratio of a run's total to a baseline run's (the order statistics the exact Mann-Whitney distribution allows, no distribution assumed), with its coverage: "
        + $"3 runs a side give 90%, 4 give 97.1%. Difference: faster or slower when the interval leaves out 0% at {BaselineComparison.MinimumCoverage * 100:0}% or more (with 3 runs a side: every run beat every baseline run), "
        + "no clear difference when it holds 0%, too few repetitions below that coverage. "
        + "Reruns: tasks that ran more than once (delivered again after a lost connection), median.",
        ["configuration", "engine", "pool", "slots", "repetitions", "total (s)", "range (s)", "ideal (s)", "total / ideal", "lower bound (s)", "improvement", "interval", "difference", "reruns"],
        [
            .. experiment.Configurations.Select(c => (IReadOnlyList<string>)
            [
                c.Name,
                c.Settings.EngineName,
                c.Settings.PoolName ?? ReportFormat.Missing,
                Slots(c),
                Repetitions(c),
                ReportFormat.Seconds(c.Spreads.TotalSeconds?.Median),
                ReportFormat.Range(c.Spreads.TotalSeconds, ReportFormat.Seconds),
                ReportFormat.Seconds(c.Spreads.IdealSeconds?.Median),
                ReportFormat.Ratio(c.Spreads.RatioToIdeal?.Median),
                ReportFormat.Seconds(c.Spreads.LowerBoundSeconds?.Median),
                ReportFormat.Improvement(c.ImprovementPercent),
                ReportFormat.Interval(c.Comparison, ReferenceEquals(c, experiment.Baseline)),
                ReportFormat.Verdict(c.Comparison, ReferenceEquals(c, experiment.Baseline)),
                ReportFormat.Count(c.Spreads.RerunTasks?.Median),
            ]),
        ]);

    private static ReportTable TaskPercentiles(ExperimentResult experiment) => new(
        "Task duration and queue wait percentiles",
        "Over every task of the configuration's reported repetitions together. Duration: ended_at - started_at; queue wait: started_at - published_at "
        + $"(the broker's queue and the worker's prefetch buffer; n/a for databases recorded without published_at). Percentiles by {Percentiles.Method}.",
        ["configuration", "engine", "pool", "tasks", "duration p50 (s)", "duration p95 (s)", "duration p99 (s)", "queue wait p50 (s)", "queue wait p95 (s)", "queue wait p99 (s)"],
        [
            .. experiment.Configurations.Select(c => (IReadOnlyList<string>)
            [
                c.Name,
                c.Settings.EngineName,
                c.Settings.PoolName ?? ReportFormat.Missing,
                ReportFormat.Count(c.TaskSecondsPercentiles?.Count),
                ReportFormat.Seconds(c.TaskSecondsPercentiles?.P50),
                ReportFormat.Seconds(c.TaskSecondsPercentiles?.P95),
                ReportFormat.Seconds(c.TaskSecondsPercentiles?.P99),
                ReportFormat.Seconds(c.QueueWaitSecondsPercentiles?.P50),
                ReportFormat.Seconds(c.QueueWaitSecondsPercentiles?.P95),
                ReportFormat.Seconds(c.QueueWaitSecondsPercentiles?.P99),
            ]),
        ]);

    private static ReportTable Resources(ExperimentResult experiment) => new(
        "Resources of the worker processes",
        "Peaks during the tasks of the sum over all worker processes at each second; median over the repetitions. "
        + "CPU in cores (1.00 = one core busy); connections as the servers counted them where the monitor saw the workers, else the workers' own count.",
        ["configuration", "engine", "pool", "peak memory (MB)", "range (MB)", "peak CPU (cores)", "range (cores)", "RabbitMQ connections", "Redis connections"],
        [
            .. experiment.Configurations.Select(c => (IReadOnlyList<string>)
            [
                c.Name,
                c.Settings.EngineName,
                c.Settings.PoolName ?? ReportFormat.Missing,
                ReportFormat.Megabytes(c.Spreads.PeakWorkerMemoryMb?.Median),
                ReportFormat.Range(c.Spreads.PeakWorkerMemoryMb, ReportFormat.Megabytes),
                ReportFormat.Cores(c.Spreads.PeakWorkerCpuUtilization?.Median),
                ReportFormat.Range(c.Spreads.PeakWorkerCpuUtilization, ReportFormat.Cores),
                ReportFormat.Count(c.Spreads.PeakBrokerConnections?.Median),
                ReportFormat.Count(c.Spreads.PeakRedisConnections?.Median),
            ]),
        ]);

    private static ReportTable Repetitions(ExperimentResult experiment) => new(
        "Repetitions",
        "Every repetition's own figures (connections: server = counted by RabbitMQ/Redis, process = the workers' own count).",
        ["configuration", "repetition", "tasks", "average task (s)", "total (s)", "ideal (s)", "total / ideal", "lower bound (s)", "peak memory (MB)", "peak CPU (cores)", "RabbitMQ", "Redis", "reruns"],
        [
            .. experiment.Configurations.SelectMany(c => c.Repetitions).Select(r => (IReadOnlyList<string>)
            [
                r.Configuration,
                r.Repetition,
                ReportFormat.Count(r.Figures.TaskCount),
                ReportFormat.Seconds(r.Figures.MeanTaskSeconds),
                ReportFormat.Seconds(r.Figures.TotalSeconds),
                ReportFormat.Seconds(r.Figures.IdealSeconds),
                ReportFormat.Ratio(r.Figures.RatioToIdeal),
                ReportFormat.Seconds(r.Figures.LowerBoundSeconds),
                ReportFormat.Megabytes(r.Figures.PeakWorkerMemoryMb),
                ReportFormat.Cores(r.Figures.PeakWorkerCpuUtilization),
                Connections(r.Figures.PeakBrokerConnections, r.Figures.BrokerConnectionsSource),
                Connections(r.Figures.PeakRedisConnections, r.Figures.RedisConnectionsSource),
                ReportFormat.Count(r.Figures.RerunTasks),
            ]),
        ]);

    /// <summary>
    /// The sweet-spot lines: the fastest configuration, and the cheapest one whose total is within 5% of it, with their figures.
    /// </summary>
    public static IReadOnlyList<string> Verdict(ExperimentResult experiment)
    {
        if (SweetSpot.Of(experiment) is not { } spot)
        {
            return [];
        }

        var lines = new List<string> { $"Fastest: {Figures(spot.Fastest)}." };
        lines.Add(ReferenceEquals(spot.Cheapest, spot.Fastest)
            ? $"Cheapest within {SweetSpot.Tolerance * 100:0}% of the fastest: the fastest itself (no configuration that fast uses less memory)."
            : $"Cheapest within {SweetSpot.Tolerance * 100:0}% of the fastest: {Figures(spot.Cheapest)}.");
        return lines;

        static string Figures(ConfigurationResult c) =>
            $"{c.Name} ({c.Settings.Describe()}): total {ReportFormat.Seconds(c.Spreads.TotalSeconds?.Median)} s"
            + (c.ImprovementPercent is { } improvement ? $" ({ReportFormat.Improvement(improvement)} on the baseline{Difference(c.Comparison)})" : "")
            + $", peak memory {ReportFormat.Megabytes(c.Spreads.PeakWorkerMemoryMb?.Median)} MB"
            + $", {ReportFormat.Count(c.Spreads.PeakBrokerConnections?.Median)} RabbitMQ and {ReportFormat.Count(c.Spreads.PeakRedisConnections?.Median)} Redis connections";

        // A percentage alone does not say whether it stands out from the noise of a few repetitions.
        static string Difference(BaselineComparison? comparison) =>
            comparison is null ? "" : $", {comparison.Verdict}: {ReportFormat.Interval(comparison, isBaseline: false)}";
    }

    private static string Repetitions(ConfigurationResult configuration) =>
        configuration.ReportedRepetitions == configuration.Repetitions.Count
            ? configuration.Repetitions.Count.ToString(CultureInfo.InvariantCulture)
            : $"{configuration.ReportedRepetitions} of {configuration.Repetitions.Count}";

    private static string Slots(ConfigurationResult configuration)
    {
        var slots = configuration.Repetitions.Select(r => r.Figures.Slots).FirstOrDefault(s => s is not null) ?? configuration.Settings.Slots;
        return ReportFormat.Count(slots);
    }

    private static string Connections(double? peak, string? source) =>
        peak is null ? ReportFormat.Missing : $"{ReportFormat.Count(peak)} ({source})";
}
