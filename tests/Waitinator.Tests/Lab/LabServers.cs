using System.Security.Cryptography;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.AppHost.Infrastructure;

namespace Waitinator.Tests.Lab;

/// <summary>
/// A real RabbitMQ and a real Redis, started by the tests as local processes on free loopback ports with generated
/// passwords, shared by the tests of one collection (which run one after another) and cleaned between tests. Either may
/// be stopped and started again mid-test, keeping its data: RabbitMQ its durable queues and persistent messages, Redis
/// its append-only file, as the AppHost configures it.
/// </summary>
public class LabServers : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("waitinator-servers-").FullName;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly int _distPort = LoopbackPorts.Free();
    private readonly List<ChildProcess> _stopped = [];
    private ChildProcess? _rabbit;
    private ChildProcess? _redis;

    /// <summary>Lines added to rabbitmq.conf.</summary>
    protected virtual string BrokerSettings => string.Empty;

    /// <summary>RabbitMQ's advanced.config (Erlang terms), for settings rabbitmq.conf does not take; null for none.</summary>
    protected virtual string? BrokerAdvancedSettings => null;

    /// <summary>What RabbitMQ wrote to its console, over every start.</summary>
    public string BrokerOutput => string.Join("\n", _stopped.Append(_rabbit).OfType<ChildProcess>().Select(p => p.Output));

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
        Directory.CreateDirectory(Path.Combine(_folder, "redis"));
        await File.WriteAllTextAsync(Path.Combine(rabbit, "enabled_plugins"), "[].\n");
        await File.WriteAllTextAsync(Path.Combine(rabbit, "rabbitmq.conf"), $"""
            listeners.tcp.1 = 127.0.0.1:{AmqpPort}
            default_user = waitinator
            default_pass = {_password}
            log.console = true
            log.file = false
            {BrokerSettings}

            """);
        if (BrokerAdvancedSettings is { } advanced)
        {
            await File.WriteAllTextAsync(Path.Combine(rabbit, "advanced.config"), advanced);
        }

        await StartBrokerAsync();
        await StartBackendAsync();
    }

    /// <summary>Starts RabbitMQ (again) and waits until it takes connections.</summary>
    public async Task StartBrokerAsync()
    {
        var rabbit = Path.Combine(_folder, "rabbitmq");
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = rabbit,
            ["RABBITMQ_NODENAME"] = $"waitinator-test-{AmqpPort}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = _distPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(rabbit, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(rabbit, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(rabbit, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(rabbit, "enabled_plugins"),
        };
        if (BrokerAdvancedSettings is not null)
        {
            environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(rabbit, "advanced.config");
        }

        _rabbit = ChildProcess.Start("/usr/lib/rabbitmq/bin/rabbitmq-server", [], environment);
        await WaitUntilAsync(async () =>
        {
            await using var connection = await new ConnectionFactory { Uri = new Uri(BrokerConnectionString) }.CreateConnectionAsync();
        }, "RabbitMQ", () => _rabbit.Output);
    }

    /// <summary>Stops RabbitMQ as an operator does (SIGTERM: a clean stop; durable queues and persistent messages stay).</summary>
    public async Task StopBrokerAsync() => await StopAsync(_rabbit ?? throw new InvalidOperationException("RabbitMQ is not running."));

    /// <summary>Starts Redis (again), loading its append-only file, and waits until it answers.</summary>
    public async Task StartBackendAsync()
    {
        _redis = ChildProcess.Start(
            "redis-server",
            ["--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--requirepass", _password,
             "--dir", Path.Combine(_folder, "redis"), "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""],
            new Dictionary<string, string>());
        await WaitUntilAsync(async () =>
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(BackendConnectionString);
            await redis.GetDatabase().PingAsync();
        }, "Redis", () => _redis.Output);
    }

    /// <summary>Stops Redis with SIGTERM, which writes the append-only file out before it exits.</summary>
    public async Task StopBackendAsync() => await StopAsync(_redis ?? throw new InvalidOperationException("Redis is not running."));

    private async Task StopAsync(ChildProcess server)
    {
        server.Terminate();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
        _stopped.Add(server);
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

    public virtual async Task DisposeAsync()
    {
        foreach (var server in _stopped)
        {
            await server.DisposeAsync();
        }

        if (_rabbit is not null && !_stopped.Contains(_rabbit))
        {
            await _rabbit.DisposeAsync();
        }

        if (_redis is not null && !_stopped.Contains(_redis))
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
