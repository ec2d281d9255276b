namespace Waitinator.Reporter.Input;

/// <summary>The metrics the reporter reads; every other metric in the telemetry files is skipped.</summary>
public static class MetricNames
{
    /// <summary>Cumulative seconds, one series per cpu.mode (user, system).</summary>
    public const string CpuTime = "process.cpu.time";

    public const string CpuUtilization = "process.cpu.utilization";

    /// <summary>Working set in bytes.</summary>
    public const string MemoryUsage = "process.memory.usage";

    public const string BrokerConnections = "waitinator.broker.connections";

    public const string RedisConnections = "waitinator.redis.connections";

    public const string TasksInFlight = "waitinator.tasks.in_flight";

    /// <summary>The monitor's server-side count, attributes server.type and waitinator.client (SERVICE-PID).</summary>
    public const string ServerConnections = "waitinator.server.connections";

    public static readonly IReadOnlySet<string> Used = new HashSet<string>(StringComparer.Ordinal)
    {
        CpuTime, CpuUtilization, MemoryUsage, BrokerConnections, RedisConnections, TasksInFlight, ServerConnections,
    };
}
