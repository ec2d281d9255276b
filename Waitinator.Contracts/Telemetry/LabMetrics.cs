using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.Contracts.Telemetry;

/// <summary>
/// The metric and attribute names the lab's processes publish and the reporter reads: OpenTelemetry's process
/// conventions, the task-queue engine's own, and the monitor's view from the servers and /proc.
/// </summary>
public static class LabMetrics
{
    /// <summary>Cumulative CPU seconds, one series per cpu.mode (user, system).</summary>
    public const string CpuTime = "process.cpu.time";

    /// <summary>CPU over the last interval as a share of all cores.</summary>
    public const string CpuUtilization = "process.cpu.utilization";

    /// <summary>Resident memory (working set) in bytes.</summary>
    public const string MemoryUsage = "process.memory.usage";

    public const string BrokerConnections = TaskQueueMetricNames.BrokerConnections;

    public const string RedisConnections = TaskQueueMetricNames.RedisConnections;

    public const string TasksInFlight = TaskQueueMetricNames.TasksInFlight;

    /// <summary>The monitor's server-side count per client; attributes <see cref="ServerType"/> and <see cref="Client"/>.</summary>
    public const string ServerConnections = "waitinator.server.connections";

    public const string ServerChannels = "waitinator.server.channels";

    public const string ServerQueueMessages = "waitinator.server.queue.messages";

    public const string ServerQueueConsumers = "waitinator.server.queue.consumers";

    /// <summary>rabbitmq or redis.</summary>
    public const string ServerType = "server.type";

    /// <summary>The client as the server knows it: SERVICE-PID, the name every lab process gives its connections.</summary>
    public const string Client = "waitinator.client";

    /// <summary>On the monitor's samples of another process: whose they are.</summary>
    public const string ProcessId = "process.pid";

    public const string ParentProcessId = "process.parent_pid";

    public const string ExecutableName = "process.executable.name";

    /// <summary>The lab resource a sampled process belongs to.</summary>
    public const string Resource = "waitinator.resource";

    /// <summary>The name a process gives its connections, so that the servers' counts match its own (SERVICE-PID).</summary>
    public static string ClientName(string service, int processId) => ProcessClientName.For(service, processId);
}
