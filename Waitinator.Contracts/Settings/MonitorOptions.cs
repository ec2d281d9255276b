namespace Waitinator.Contracts.Settings;

/// <summary>What the monitor samples and how often (configuration section "Monitor").</summary>
public sealed record MonitorOptions
{
    public const string SectionName = "Monitor";

    /// <summary>RabbitMQ's management API, e.g. http://127.0.0.1:15672; the credentials are the broker connection string's.</summary>
    public Uri? BrokerManagementUrl { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
}
