using System.Security.Cryptography;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.AppHost;

namespace Waitinator.Tests.Lab;

/// <summary>
/// A real RabbitMQ and a real Redis, started by the tests as local processes on free loopback ports with generated
/// passwords, shared by the tests of one collection (which run one after another) and cleaned between tests.
/// </summary>
public sealed class LabServers : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("waitinator-servers-").FullName;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private ChildProcess? _rabbit;
    private ChildProcess? _redis;

    public int AmqpPort { get; } = LoopbackPorts.Free();

    public int RedisPort { get; } = LoopbackPorts.Free();

    /// <summary>For .NET (Aspire.RabbitMQ.Client): amqp://user:password@host:port/</summary>
    public string BrokerConnectionString => $"amqp://waitinator:{_password}@127.0.0.1:{AmqpPort}/";

    public string BackendConnectionString => $"127.0.0.1:{RedisPort},password={_password}";

    /// <summary>For Python Celery (kombu and redis-py URLs).</summary>
    public string CeleryBrokerUrl => $"amqp://waitinator:{_password}@127.0.0.1:{AmqpPort}//";

    public string CeleryBackendUrl => $"redis://:{_password}@127.0.0.1:{RedisPort}/0";

    public string Password => _password;

    public async Task InitializeAsync()
    {
        var rabbit = Directory.CreateDirectory(Path.Combine(_folder, "rabbitmq")).FullName;
        Directory.CreateDirectory(Path.Combine(rabbit, "mnesia"));
        Directory.CreateDirectory(Path.Combine(rabbit, "log"));
        await File.WriteAllTextAsync(Path.Combine(rabbit, "enabled_plugins"), "[].\n");
        await File.WriteAllTextAsync(Path.Combine(rabbit, "rabbitmq.conf"), $"""
            listeners.tcp.1 = 127.0.0.1:{AmqpPort}
            default_user = waitinator
            default_pass = {_password}
            log.console = true
            log.file = false

            """);
        _rabbit = ChildProcess.Start("/usr/lib/rabbitmq/bin/rabbitmq-server", [], new Dictionary<string, string>
        {
            ["HOME"] = rabbit,
            ["RABBITMQ_NODENAME"] = $"waitinator-test-{AmqpPort}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(rabbit, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(rabbit, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(rabbit, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(rabbit, "enabled_plugins"),
        });
        _redis = ChildProcess.Start("redis-server", ["--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", _password], new Dictionary<string, string>());

        await WaitUntilAsync(async () =>
        {
            await using var connection = await new ConnectionFactory { Uri = new Uri(BrokerConnectionString) }.CreateConnectionAsync();
        }, "RabbitMQ", () => _rabbit.Output);
        await WaitUntilAsync(async () =>
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(BackendConnectionString);
            await redis.GetDatabase().PingAsync();
        }, "Redis", () => _redis.Output);
    }

    /// <summary>Empties the lab's queues and the backend, so that a test sees only its own tasks.</summary>
    public async Task ResetAsync()
    {
        await using (var connection = await new ConnectionFactory { Uri = new Uri(BrokerConnectionString) }.CreateConnectionAsync())
        {
            foreach (var queue in new[] { "waitinate", "summarize" })
            {
                await using var channel = await connection.CreateChannelAsync();
                await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
            }
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(BackendConnectionString + ",allowAdmin=true");
        await redis.GetServer($"127.0.0.1:{RedisPort}").FlushAllDatabasesAsync();
    }

    public async Task DisposeAsync()
    {
        if (_rabbit is not null)
        {
            await _rabbit.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<Task> probe, string name, Func<string> output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await probe();
                return;
            }
            catch (Exception exception) when (DateTime.UtcNow < deadline && exception is not OutOfMemoryException)
            {
                await Task.Delay(250);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"{name} did not accept connections within 60 s. Its output:\n{output()}", exception);
            }
        }
    }
}
