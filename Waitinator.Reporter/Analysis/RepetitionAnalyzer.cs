using Waitinator.Contracts.Telemetry;
using Waitinator.Contracts;
using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Analysis;

/// <summary>Reads one repetition's files and analyses what they hold; whatever is missing is a warning.</summary>
public static class RepetitionAnalyzer
{
    public static RepetitionResult Analyze(ConfigurationFolder configuration, RepetitionFolder repetition, bool isSingleRun, ReportWarnings warnings)
    {
        // A single run from runs/ has no run.json by design: its clock starts at the first task without a warning.
        var run = isSingleRun && !File.Exists(repetition.RunFile)
            ? null
            : InputJson.Read<RunManifest>(repetition.RunFile, warnings, "the clock starts at the first task");
        if (run?.ExitCode is { } exitCode and not 0)
        {
            warnings.Add(repetition.RunFile, $"the producer exited with {exitCode}{(run.Error is { } error ? $": {error}" : "")}");
        }

        if (run?.LeftInQueues is > 0 and var left)
        {
            warnings.Add(repetition.RunFile, $"{left} message(s) were left in the task queues when its workers stopped (purged before the next repetition)");
        }

        var rows = WorkerDatabase.ReadTasks(repetition.WorkerDatabase, warnings);
        var tasks = rows is null ? null : TaskFigures.From(rows, WorkerDatabase.ReadChordHeaders(repetition.WorkerDatabase));
        if (rows is { Count: 0 })
        {
            warnings.Add(repetition.WorkerDatabase, "holds no task: no task figures for this repetition");
        }

        if (rows?.Count(r => r.Runs > 1) is > 0 and var rerun)
        {
            warnings.Add(repetition.WorkerDatabase, $"{rerun} task(s) ran more than once (redelivered): their last run's times are used");
        }

        // A failed or cut-short repetition would bring a partial, shorter total into the medians: it is left out.
        var expected = configuration.Settings.Chords?.Sum();
        if (tasks is not null && (run?.ExitCode is not (null or 0) || (expected is { } count && rows!.Count < count)))
        {
            warnings.Add(repetition.Path, $"left out of the figures: {rows!.Count} of {expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} tasks recorded, exit code {run?.ExitCode}");
            tasks = null;
        }

        var producer = InputJson.Read<ExperimentReport>(repetition.ProducerReport, warnings, "no cross-check of the database, slots from the configuration");
        if (tasks is not null && producer is not null)
        {
            ProducerCrossCheck.Compare(tasks, producer, repetition.ProducerReport, warnings);
        }

        // The configuration's slots first: the producer counts only the processes that ran a task, and a replica
        // or child that got none (prefetch starved it) would shrink the ideal's slots.
        var slots = configuration.Settings.Slots ?? (producer?.Slots is > 0 ? producer.Slots : null);
        if (tasks is not null && slots is null)
        {
            warnings.Add(repetition.Path, "slots unknown (no producer report, no concurrency in the configuration): no ideal total");
        }

        var samples = TelemetryReader.ReadFolder(repetition.Telemetry, warnings);
        var clock = RepetitionClock.Create(run?.StartedAt, tasks, [.. samples.Select(s => s.Timestamp)]);
        var processes = clock is null ? [] : Timelines(samples, clock);
        // Counted even where the repetition is left out of the figures: a task run twice is what a lost connection costs.
        var figures = RepetitionFigures.Of(tasks, slots, ResourcePeaks.Of(processes), rows?.Count(r => r.Runs > 1));
        return new RepetitionResult(configuration.Name, repetition.Name, clock, tasks, figures, processes);
    }

    /// <summary>
    /// One timeline per process that has a sample in the window; the monitor's server counts go to the processes they name.
    /// A process that reports a metric itself keeps its own figures; the monitor's /proc samples fill in for the rest
    /// (a Celery worker, the servers).
    /// </summary>
    private static IReadOnlyList<ProcessTimeline> Timelines(IReadOnlyList<MetricSample> samples, RepetitionClock clock)
    {
        var server = ServerConnectionCounts.From(samples, clock);
        return
        [
            .. samples.Where(s => s.Metric != LabMetrics.ServerConnections)
                .GroupBy(s => s.Subject)
                .OrderBy(g => g.Key.Service, StringComparer.Ordinal).ThenBy(g => g.Key.Pid)
                .Select(g => ProcessTimelineBuilder.Build(g.Key.Service, g.Key.Pid, OwnFiguresFirst([.. g]), server, clock))
                .Where(p => p.Points.Count > 0),
        ];
    }

    private static List<MetricSample> OwnFiguresFirst(IReadOnlyList<MetricSample> samples)
    {
        var own = samples.Where(s => !s.IsSampledFromOutside).Select(s => s.Metric).ToHashSet(StringComparer.Ordinal);
        return [.. samples.Where(s => !s.IsSampledFromOutside || !own.Contains(s.Metric))];
    }
}
