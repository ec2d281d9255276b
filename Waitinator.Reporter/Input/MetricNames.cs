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

    /// <summary>The monitor's samples of another process carry its id and its resource's name.</summary>
    public const string ProcessIdAttribute = "process.pid";

    public const string ResourceAttribute = "waitinator.resource";

    /// <summary>Attributes that say which process a sample is about, not which series within it.</summary>
    public static readonly IReadOnlySet<string> ProcessAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        ProcessIdAttribute, ResourceAttribute, "process.parent_pid", "process.executable.name",
    };

    public static readonly IReadOnlySet<string> Used = new HashSet<string>(StringComparer.Ordinal)
    {
        CpuTime, CpuUtilization, MemoryUsage, BrokerConnections, RedisConnections, TasksInFlight, ServerConnections,
    };
}
