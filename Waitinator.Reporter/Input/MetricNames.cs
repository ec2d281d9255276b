using Waitinator.Contracts.Telemetry;

namespace Waitinator.Reporter.Input;

/// <summary>The metrics the reporter reads (<see cref="LabMetrics"/>); every other metric in the telemetry files is skipped.</summary>
public static class MetricNames
{
    /// <summary>Attributes that say which process a sample is about, not which series within it.</summary>
    public static readonly IReadOnlySet<string> ProcessAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        LabMetrics.ProcessId, LabMetrics.Resource, LabMetrics.ParentProcessId, LabMetrics.ExecutableName,
    };

    public static readonly IReadOnlySet<string> Used = new HashSet<string>(StringComparer.Ordinal)
    {
        LabMetrics.CpuTime, LabMetrics.CpuUtilization, LabMetrics.MemoryUsage, LabMetrics.BrokerConnections,
        LabMetrics.RedisConnections, LabMetrics.TasksInFlight, LabMetrics.ServerConnections,
    };
}
