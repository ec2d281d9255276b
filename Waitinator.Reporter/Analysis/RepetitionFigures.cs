namespace Waitinator.Reporter.Analysis;

/// <summary>
/// A repetition's figures as summary.json and the tables give them. Task figures come from the worker's database;
/// the peaks from the telemetry. Null: could not be measured.
/// </summary>
public sealed record RepetitionFigures(
    int? TaskCount,
    double? MeanTaskSeconds,
    double? TotalSeconds,
    int? Slots,
    double? IdealSeconds,
    double? RatioToIdeal,
    double? LowerBoundSeconds,
    double? PeakWorkerMemoryMb,
    double? PeakWorkerCpuUtilization,
    double? PeakBrokerConnections,
    string? BrokerConnectionsSource,
    double? PeakRedisConnections,
    string? RedisConnectionsSource,
    int? RerunTasks,
    Percentiles? TaskSecondsPercentiles,
    Percentiles? QueueWaitSecondsPercentiles)
{
    /// <param name="rerunTasks">Tasks the worker database says ran more than once (redelivered and run again).</param>
    public static RepetitionFigures Of(TaskFigures? tasks, int? slots, ResourcePeaks peaks, int? rerunTasks = null)
    {
        var ideal = tasks?.IdealSeconds(slots);
        return new RepetitionFigures(
            tasks?.TaskCount,
            tasks?.MeanTaskSeconds,
            tasks?.TotalSeconds,
            slots,
            ideal,
            tasks is not null && ideal is > 0 ? tasks.TotalSeconds / ideal : null,
            tasks?.LowerBoundSeconds(slots),
            peaks.WorkerMemoryMb,
            peaks.WorkerCpuUtilization,
            peaks.BrokerConnections,
            peaks.BrokerConnectionsSource,
            peaks.RedisConnections,
            peaks.RedisConnectionsSource,
            rerunTasks,
            tasks?.TaskPercentiles,
            tasks?.QueueWaitPercentiles);
    }
}
