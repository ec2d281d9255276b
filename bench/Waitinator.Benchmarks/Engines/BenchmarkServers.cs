using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// The broker and the result backend the AppHost started (ConnectionStrings:broker and :backend), in the forms the
/// .NET worker and Python Celery each read; and a reset between runs, so that each run sees only its own tasks.
/// </summary>
internal sealed class BenchmarkServers
{
    public static readonly string[] Queues = ["waitinate", "summarize", "noop"];

    private BenchmarkServers(Uri broker, ConfigurationOptions backend)
    {
        Broker = broker;
        Backend = backend;
        (BackendHost, BackendPort) = HostAndPort(backend.EndPoints.Single());
    }

    public Uri Broker { get; }

    public ConfigurationOptions Backend { get; }

    public string BackendHost { get; }

    public int BackendPort { get; }

    public string BrokerConnectionString => Broker.ToString();

    public string BackendConnectionString => Backend.ToString(includePassword: true);

    /// <summary>kombu's URL: the default virtual host is written "//".</summary>
    public string CeleryBrokerUrl => new UriBuilder(Broker) { Path = "//" }.Uri.ToString();

    public string CeleryBackendUrl => $"redis://:{Uri.EscapeDataString(Backend.Password ?? string.Empty)}@{BackendHost}:{BackendPort}/0";

    public static BenchmarkServers FromEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var broker = configuration.GetConnectionString("broker");
        var backend = configuration.GetConnectionString("backend");
        if (string.IsNullOrEmpty(broker) || string.IsNullOrEmpty(backend))
        {
            throw new InvalidOperationException(
                "ConnectionStrings__broker and ConnectionStrings__backend are not set: run the engine benchmark through the AppHost " +
                "(dotnet run -c Release --project Waitinator.AppHost -- --benchmark all), which starts RabbitMQ and Redis for it.");
        }

        var options = ConfigurationOptions.Parse(backend);
        options.AllowAdmin = true;
        options.ClientName = $"benchmark-{Environment.ProcessId}";
        // Aspire's container connection strings say localhost; the lab's servers listen on IPv4 loopback only.
        var (host, port) = HostAndPort(options.EndPoints.Single());
        if (host == "localhost")
        {
            options.EndPoints.Clear();
            options.EndPoints.Add("127.0.0.1", port);
        }

        var brokerUri = new Uri(broker);
        if (brokerUri.Host == "localhost")
        {
            brokerUri = new UriBuilder(brokerUri) { Host = "127.0.0.1" }.Uri;
        }

        return new BenchmarkServers(brokerUri, options);
    }

    private static (string Host, int Port) HostAndPort(System.Net.EndPoint endpoint) => endpoint switch
    {
        System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
        System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
        _ => throw new InvalidOperationException($"The backend's endpoint {endpoint} is neither a host nor an address."),
    };

    public Task<IConnection> ConnectBrokerAsync() =>
        new ConnectionFactory { Uri = Broker, ClientProvidedName = $"benchmark-{Environment.ProcessId}" }.CreateConnectionAsync();

    public async Task<ConnectionMultiplexer> ConnectBackendAsync() => await ConnectionMultiplexer.ConnectAsync(Backend);

    /// <summary>Empties the lab's queues and the backend's database.</summary>
    public static async Task ResetAsync(IConnection broker, IConnectionMultiplexer backend)
    {
        await using var channel = await broker.CreateChannelAsync();
        foreach (var queue in Queues)
        {
            await TaskQueue.Transport.QueueTopology.DeclareAsync(channel, queue);
            await channel.QueuePurgeAsync(queue);
        }

        foreach (var server in backend.GetServers())
        {
            await server.FlushDatabaseAsync();
        }
    }
}
