namespace Waitinator.AppHost.Infrastructure.RabbitMQ;

/// <summary>The broker's server settings that do not depend on how it runs: the same lines for a local node and a container.</summary>
public static class RabbitMQServerSettings
{
    /// <summary>
    /// Statistics every second for the monitor. Version 2 queues confirm persistent messages sooner (docs/performance.md);
    /// set here, not as a queue argument, so that a Celery peer's declarations still match. Message rates per channel and
    /// queue cost the broker CPU per message; the monitor reads only connections and queue depths, which stay.
    /// </summary>
    public const string Lines = """
        collect_statistics_interval = 1000
        classic_queue.default_version = 2
        management.rates_mode = none

        """;

    /// <summary>The official image reads every file in conf.d after its own rabbitmq.conf.</summary>
    public const string ContainerPath = "/etc/rabbitmq/conf.d/20-waitinator.conf";
}
