namespace Waitinator.Tests.Lab;

/// <summary>
/// Servers whose RabbitMQ is strict about time, so that tests see in seconds what production sees in minutes: a
/// heartbeat every 2 s (a client silent for two is disconnected; 1 s proved too tight for a loaded 2-core machine) and a consumer timeout of 4 s (a channel holding a
/// delivery unacknowledged for longer is closed), checked every second instead of every minute.
/// </summary>
public sealed class StrictBrokerServers : LabServers
{
    public static readonly TimeSpan ConsumerTimeout = TimeSpan.FromSeconds(4);

    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    protected override string BrokerSettings => $"""
        heartbeat = {(int)Heartbeat.TotalSeconds}
        consumer_timeout = {(int)ConsumerTimeout.TotalMilliseconds}
        """;

    protected override string? BrokerAdvancedSettings => "[{rabbit, [{channel_tick_interval, 1000}]}].\n";
}
