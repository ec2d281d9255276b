namespace Waitinator.Reporter.Analysis;

/// <summary>
/// The worker set's peaks during the tasks: at each second the values of all worker processes (supervisor and children,
/// every replica) are added up, and the highest sum counts. Connections come from the servers' own counts (the monitor)
/// when they name the worker processes, else from the processes' own metrics; the sources say which.
/// </summary>
public sealed record ResourcePeaks(
    double? WorkerMemoryMb,
    double? WorkerCpuUtilization,
    double? BrokerConnections,
    string? BrokerConnectionsSource,
    double? RedisConnections,
    string? RedisConnectionsSource)
{
    public const string ServerSource = "server";
    public const string ProcessSource = "process";

    public static ResourcePeaks Of(IReadOnlyList<ProcessTimeline> processes)
    {
        var workers = processes.Where(p => p.IsWorker).ToList();
        var (broker, brokerSource) = Connections(workers, p => p.ServerBrokerConnections, p => p.BrokerConnections);
        var (redis, redisSource) = Connections(workers, p => p.ServerRedisConnections, p => p.RedisConnections);
        return new ResourcePeaks(
            PeakOfSum(workers, p => p.MemoryMb),
            PeakOfSum(workers, p => p.CpuUtilization),
            broker,
            brokerSource,
            redis,
            redisSource);
    }

    private static (double? Peak, string? Source) Connections(
        IReadOnlyList<ProcessTimeline> workers, Func<TimelinePoint, double?> server, Func<TimelinePoint, double?> own)
    {
        if (PeakOfSum(workers, server) is { } fromServer)
        {
            return (fromServer, ServerSource);
        }

        return PeakOfSum(workers, own) is { } fromProcesses ? (fromProcesses, ProcessSource) : (null, null);
    }

    /// <summary>The highest, over the seconds, of the sum over processes; null when no process has the value.</summary>
    public static double? PeakOfSum(IEnumerable<ProcessTimeline> processes, Func<TimelinePoint, double?> value)
    {
        var sums = new Dictionary<int, double>();
        foreach (var point in processes.SelectMany(p => p.Points))
        {
            if (value(point) is { } v)
            {
                sums[point.Seconds] = sums.GetValueOrDefault(point.Seconds) + v;
            }
        }

        return sums.Count == 0 ? null : sums.Values.Max();
    }
}
