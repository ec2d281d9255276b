namespace Waitinator.TaskQueue.Telemetry;

/// <summary>
/// The name a process gives its broker connection and its Redis connection (service-pid), so that what RabbitMQ and
/// Redis count per client can be matched with the process's own metrics.
/// </summary>
public static class ProcessClientName
{
    /// <param name="service">OTEL_SERVICE_NAME when the AppHost set one, else the application's name.</param>
    public static string For(string service) => $"{service}-{Environment.ProcessId}";
}
