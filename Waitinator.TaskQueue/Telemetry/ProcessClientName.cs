namespace Waitinator.TaskQueue.Telemetry;

/// <summary>
/// The name a process gives its broker connection and its Redis connection (service-pid), so that what RabbitMQ and
/// Redis count per client can be matched with the process's own metrics.
/// </summary>
public static class ProcessClientName
{
    /// <param name="service">The service's name as the dashboard shows it (ServiceDefaults' ServiceName()).</param>
    public static string For(string service) => For(service, Environment.ProcessId);

    /// <summary>The name the process <paramref name="processId"/> of <paramref name="service"/> gives its connections.</summary>
    public static string For(string service, int processId) => $"{service}-{processId}";
}
