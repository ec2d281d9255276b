using CsvHelper;
using Waitinator.Contracts.Results;
using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>
/// clean/repetitions.csv: a row per repetition with its figures, for a spreadsheet or pandas. Numbers in the invariant
/// culture, seconds as plain numbers, an empty cell where a figure could not be measured.
/// </summary>
public static class RepetitionsCsv
{
    public static void Write(ExperimentResult experiment, ReportPaths paths)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(paths.Csv)!);
        // A configuration name a spreadsheet would run as a formula is escaped; nothing in the lab reads this file back.
        using var csv = CsvWriter.ToFile(paths.Csv, new CsvWriterOptions { NewLine = "\n", Injection = CsvInjection.Escape, TrueValue = "true", FalseValue = "false" });
        csv.WriteRecords(Rows(experiment));
    }

    public static IEnumerable<RepetitionRow> Rows(ExperimentResult experiment) =>
        from configuration in experiment.Configurations
        from repetition in configuration.Repetitions
        let figures = repetition.Figures
        select new RepetitionRow(
            experiment.Name,
            configuration.Name,
            configuration.Settings.EngineName,
            configuration.Settings.PoolName,
            figures.Slots,
            repetition.Repetition,
            repetition.IsReported,
            figures.TaskCount,
            figures.MeanTaskSeconds,
            figures.TotalSeconds,
            figures.IdealSeconds,
            figures.RatioToIdeal,
            figures.LowerBoundSeconds,
            figures.TaskSecondsPercentiles?.P50,
            figures.TaskSecondsPercentiles?.P95,
            figures.TaskSecondsPercentiles?.P99,
            figures.QueueWaitSecondsPercentiles?.P50,
            figures.QueueWaitSecondsPercentiles?.P95,
            figures.QueueWaitSecondsPercentiles?.P99,
            figures.PeakWorkerMemoryMb,
            figures.PeakWorkerCpuUtilization,
            figures.PeakBrokerConnections,
            figures.BrokerConnectionsSource,
            figures.PeakRedisConnections,
            figures.RedisConnectionsSource,
            figures.RerunTasks);
}

/// <summary>One repetition's figures as a CSV row, its columns in snake_case like summary.json.</summary>
[CsvRecord]
public sealed partial record RepetitionRow(
    [property: CsvColumn("experiment")] string Experiment,
    [property: CsvColumn("configuration")] string Configuration,
    [property: CsvColumn("engine")] string Engine,
    [property: CsvColumn("pool")] string? Pool,
    [property: CsvColumn("slots")] int? Slots,
    [property: CsvColumn("repetition")] string Repetition,
    [property: CsvColumn("reported")] bool Reported,
    [property: CsvColumn("task_count")] int? TaskCount,
    [property: CsvColumn("mean_task_seconds")] double? MeanTaskSeconds,
    [property: CsvColumn("total_seconds")] double? TotalSeconds,
    [property: CsvColumn("ideal_seconds")] double? IdealSeconds,
    [property: CsvColumn("ratio_to_ideal")] double? RatioToIdeal,
    [property: CsvColumn("lower_bound_seconds")] double? LowerBoundSeconds,
    [property: CsvColumn("task_p50_seconds")] double? TaskP50Seconds,
    [property: CsvColumn("task_p95_seconds")] double? TaskP95Seconds,
    [property: CsvColumn("task_p99_seconds")] double? TaskP99Seconds,
    [property: CsvColumn("queue_wait_p50_seconds")] double? QueueWaitP50Seconds,
    [property: CsvColumn("queue_wait_p95_seconds")] double? QueueWaitP95Seconds,
    [property: CsvColumn("queue_wait_p99_seconds")] double? QueueWaitP99Seconds,
    [property: CsvColumn("peak_worker_memory_mb")] double? PeakWorkerMemoryMb,
    [property: CsvColumn("peak_worker_cpu_cores")] double? PeakWorkerCpuCores,
    [property: CsvColumn("peak_broker_connections")] double? PeakBrokerConnections,
    [property: CsvColumn("broker_connections_source")] string? BrokerConnectionsSource,
    [property: CsvColumn("peak_redis_connections")] double? PeakRedisConnections,
    [property: CsvColumn("redis_connections_source")] string? RedisConnectionsSource,
    [property: CsvColumn("rerun_tasks")] int? RerunTasks);
