using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.LocalLab;
using Waitinator.Processes;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Client;
using Waitinator.TaskQueue.Telemetry;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.Benchmarks.Engines;

/// <summary>The benchmark's side of the lab: its broker connection, Redis, publisher and chord client, and the one Api every engine calls.</summary>
internal sealed class BenchmarkLab : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BenchmarkLab(BenchmarkServers servers, IConnection broker, ConnectionMultiplexer redis, ApiProcess api, ServiceProvider services)
    {
        Servers = servers;
        Broker = broker;
        Redis = redis;
        Api = api;
        _services = services;
        var metrics = new TaskQueueMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), broker, redis);
        Publisher = new TaskPublisher(broker, new TaskRoutes(new Dictionary<string, string>()), metrics);
        Backend = new RedisResultBackend(redis, TimeSpan.FromDays(1));
        Chords = new ChordClient(Publisher, Backend);
        ServerProcessIds = new[] { TcpConnections.ListenerOf(servers.Broker.Port), TcpConnections.ListenerOf(servers.BackendPort) }.OfType<int>().ToList();
    }

    public BenchmarkServers Servers { get; }

    public IConnection Broker { get; }

    public ConnectionMultiplexer Redis { get; }

    public ApiProcess Api { get; }

    public TaskPublisher Publisher { get; }

    public RedisResultBackend Backend { get; }

    public ChordClient Chords { get; }

    /// <summary>The broker's and Redis's ports, to count the connections a worker holds to each.</summary>
    public IReadOnlyDictionary<string, int> ServerPorts => new Dictionary<string, int>
    {
        ["broker"] = Servers.Broker.Port,
        ["redis"] = Servers.BackendPort,
    };

    public static async Task<BenchmarkLab> StartAsync(BenchmarkServers servers, double timeScale, string folder, CancellationToken cancellationToken)
    {
        // The Api's default range, 180-210 s, scaled as in the experiments.
        var api = await ApiProcess.StartAsync(180 * timeScale, 210 * timeScale, Path.Combine(folder, "api.db"), cancellationToken);
        var broker = await servers.ConnectBrokerAsync();
        var redis = await servers.ConnectBackendAsync();
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new BenchmarkLab(servers, broker, redis, api, services);
    }

    /// <summary>RabbitMQ's and Redis's processes, when visible here (executables on this machine), to charge each run the servers' CPU.</summary>
    public IReadOnlyList<int> ServerProcessIds { get; } = [];

    /// <summary>CPU seconds RabbitMQ and Redis have used so far.</summary>
    public double ServerCpuSeconds() => ServerProcessIds.Sum(pid => ProcStat.Read(pid)?.CpuSeconds ?? 0);

    public Task ResetAsync() => BenchmarkServers.ResetAsync(Broker, Redis);

    public async ValueTask DisposeAsync()
    {
        await Publisher.DisposeAsync();
        await Broker.DisposeAsync();
        await Redis.DisposeAsync();
        await Api.DisposeAsync();
        await _services.DisposeAsync();
    }
}
