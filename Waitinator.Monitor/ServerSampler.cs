using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;
using Waitinator.Contracts.Telemetry;

namespace Waitinator.Monitor;

/// <summary>
/// Samples RabbitMQ and Redis at a fixed interval and publishes the latest sample as gauges, so the dashboard and the
/// exported files show the servers' count of connections beside each process's own count. A failed sample is logged
/// and the previous one kept; the monitor never stops the lab.
/// </summary>
internal sealed partial class ServerSampler : BackgroundService
{
    public const string MeterName = "Waitinator.Monitor";
    private readonly RabbitMQManagementClient _broker;
    private readonly RedisClientList _backend;
    private readonly ConnectionOwners _owners;
    private readonly ServerPorts _ports;
    private readonly MonitorOptions _options;
    private readonly ILogger<ServerSampler> _logger;
    private ServerSnapshot _latest = ServerSnapshot.Empty;

    public ServerSampler(
        RabbitMQManagementClient broker, RedisClientList backend, ConnectionOwners owners, ServerPorts ports,
        IOptions<MonitorOptions> options, IMeterFactory meters, ILogger<ServerSampler> logger)
    {
        (_broker, _backend, _owners, _ports, _options, _logger) = (broker, backend, owners, ports, options.Value, logger);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(LabMetrics.ServerConnections, () => Connections(Latest), "{connection}",
            "Client connections as RabbitMQ and Redis count them, by client name.");
        meter.CreateObservableGauge(LabMetrics.ServerChannels, () => Latest.Broker.Select(c => Measure(c.Channels, "rabbitmq", c.Client)), "{channel}",
            "AMQP channels as RabbitMQ counts them, by client name.");
        meter.CreateObservableGauge(LabMetrics.ServerQueueMessages, () => QueueMessages(Latest), "{message}",
            "Messages in each queue, ready or delivered and unacknowledged.");
        meter.CreateObservableGauge(LabMetrics.ServerQueueConsumers, () => Latest.Queues.Select(q =>
            new Measurement<int>(q.Consumers, new KeyValuePair<string, object?>("messaging.destination.name", q.Queue))), "{consumer}",
            "Consumers RabbitMQ counts on each queue.");
    }

    private ServerSnapshot Latest => Volatile.Read(ref _latest);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Interval);
        try
        {
            do
            {
                try
                {
                    var broker = await _broker.ConnectionsAsync(clients => _owners.Name(_ports.Broker, clients), stoppingToken);
                    var queues = await _broker.QueuesAsync(stoppingToken);
                    var backend = await _backend.ConnectionsAsync(clients => _owners.Name(_ports.Backend, clients));
                    Volatile.Write(ref _latest, new ServerSnapshot(broker, backend, queues));
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // One slow or failed sample (a timeout, an open circuit, a server restarting) must not end the monitor.
                    LogSampleFailed(exception.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static IEnumerable<Measurement<int>> Connections(ServerSnapshot snapshot) =>
        snapshot.Broker.Select(c => Measure(c.Connections, "rabbitmq", c.Client))
            .Concat(snapshot.Backend.Select(c => Measure(c.Connections, "redis", c.Client)));

    private static IEnumerable<Measurement<long>> QueueMessages(ServerSnapshot snapshot) =>
        snapshot.Queues.SelectMany(q => new[]
        {
            new Measurement<long>(q.Ready, new("messaging.destination.name", q.Queue), new("waitinator.message.state", "ready")),
            new Measurement<long>(q.Unacknowledged, new("messaging.destination.name", q.Queue), new("waitinator.message.state", "unacknowledged")),
        });

    private static Measurement<int> Measure(int value, string server, string client) =>
        new(value, new KeyValuePair<string, object?>(LabMetrics.ServerType, server), new KeyValuePair<string, object?>(LabMetrics.Client, client));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server sample failed, keeping the previous one: {Reason}")]
    private partial void LogSampleFailed(string reason);
}
