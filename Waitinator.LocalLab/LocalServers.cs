using System.Globalization;
using System.Security.Cryptography;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace Waitinator.LocalLab;

/// <summary>
/// A real RabbitMQ and a real Redis as local processes on free loopback ports, with a generated password, configured as
/// the AppHost configures the lab's: durable RabbitMQ, Redis with an append-only file flushed every second. Either may be
/// stopped (SIGTERM, a clean stop), killed (SIGKILL, a crash) and started again, keeping its data: RabbitMQ its durable
/// queues and confirmed persistent messages, Redis its append-only file (after a crash, less its last second of writes).
/// RabbitMQ's memory alarm can be raised, to block the connections that publish.
/// </summary>
public class LocalServers
{
    private const string RabbitServer = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string RabbitControl = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly int _distPort = LoopbackPorts.Free();
    private readonly List<ChildProcess> _brokerRuns = [];
    private readonly List<ChildProcess> _backendRuns = [];
    private readonly bool _ownsFolder;
    private readonly bool _logToFiles;
    private ChildProcess? _rabbit;
    private ChildProcess? _redis;

    /// <param name="folder">Where the servers keep their data and logs; null for a temporary folder, deleted when stopped.</param>
    /// <param name="logToFiles">Whether their console output goes to <see cref="BrokerLog"/> and <see cref="BackendLog"/>
    /// (a long run), instead of memory only (a test's failure message).</param>
    public LocalServers(string? folder = null, bool logToFiles = false)
    {
        _ownsFolder = folder is null;
        _logToFiles = logToFiles;
        Folder = folder ?? Directory.CreateTempSubdirectory("waitinator-servers-").FullName;
    }

    public string Folder { get; }

    /// <summary>Lines added to rabbitmq.conf.</summary>
    protected virtual string BrokerSettings => string.Empty;

    /// <summary>RabbitMQ's advanced.config (Erlang terms), for settings rabbitmq.conf does not take; null for none.</summary>
    protected virtual string? BrokerAdvancedSettings => null;

    /// <summary>What RabbitMQ wrote to its console, over every start (with log files, the tail of each start).</summary>
    public string BrokerOutput => string.Join("\n", _brokerRuns.Select(p => p.Output));

    /// <summary>What Redis wrote to its console, over every start.</summary>
    public string BackendOutput => string.Join("\n", _backendRuns.Select(p => p.Output));

    /// <summary>The files each server's console output goes to, under <see cref="Folder"/>, when logging to files.</summary>
    public string BrokerLog => Path.Combine(Folder, "rabbitmq", "console.log");

    public string BackendLog => Path.Combine(Folder, "redis", "console.log");

    public int AmqpPort { get; } = LoopbackPorts.Free();

    public int RedisPort { get; } = LoopbackPorts.Free();

    public string NodeName => $"waitinator-test-{AmqpPort}@localhost";

    /// <summary>For .NET (Aspire.RabbitMQ.Client): amqp://user:password@host:port/</summary>
    public string BrokerConnectionString => $"amqp://waitinator:{_password}@127.0.0.1:{AmqpPort}/";

    public string BackendConnectionString => $"127.0.0.1:{RedisPort},password={_password}";

    /// <summary>For Python Celery (kombu and redis-py URLs).</summary>
    public string CeleryBrokerUrl => $"amqp://waitinator:{_password}@127.0.0.1:{AmqpPort}//";

    public string CeleryBackendUrl => $"redis://:{_password}@127.0.0.1:{RedisPort}/0";

    public string Password => _password;

    /// <summary>The running servers' processes (the RabbitMQ script's, whose child is the Erlang VM), or null when stopped.</summary>
    public int? BrokerProcessId => _rabbit is { HasExited: false } rabbit ? rabbit.Id : null;

    public int? BackendProcessId => _redis is { HasExited: false } redis ? redis.Id : null;

    /// <summary>Writes the configuration and starts both servers.</summary>
    public async Task StartAsync()
    {
        var rabbit = Directory.CreateDirectory(Path.Combine(Folder, "rabbitmq")).FullName;
        Directory.CreateDirectory(Path.Combine(rabbit, "mnesia"));
        Directory.CreateDirectory(Path.Combine(rabbit, "log"));
        Directory.CreateDirectory(Path.Combine(Folder, "redis"));
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
        _rabbit = ChildProcess.Start(RabbitServer, [], BrokerEnvironment(), logFile: _logToFiles ? BrokerLog : null);
        _brokerRuns.Add(_rabbit);
        await WaitUntilAsync(async () =>
        {
            await using var connection = await new ConnectionFactory { Uri = new Uri(BrokerConnectionString) }.CreateConnectionAsync();
        }, "RabbitMQ", () => _rabbit.Output);
    }

    /// <summary>Stops RabbitMQ as an operator does (SIGTERM: a clean stop; durable queues and persistent messages stay).</summary>
    public Task StopBrokerAsync() => StopAsync(_rabbit, hard: false);

    /// <summary>Kills RabbitMQ (SIGKILL, the Erlang VM with it): what it confirmed is on disk and stays.</summary>
    public Task KillBrokerAsync() => StopAsync(_rabbit, hard: true);

    /// <summary>Starts Redis (again), loading its append-only file, and waits until it answers.</summary>
    public async Task StartBackendAsync()
    {
        _redis = ChildProcess.Start(
            "redis-server",
            ["--port", RedisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--requirepass", _password,
             "--dir", Path.Combine(Folder, "redis"), "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--maxclients", "50000"],
            new Dictionary<string, string>(),
            logFile: _logToFiles ? BackendLog : null);
        _backendRuns.Add(_redis);
        await WaitUntilAsync(async () =>
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(BackendConnectionString);
            await redis.GetDatabase().PingAsync();
        }, "Redis", () => _redis.Output);
    }

    /// <summary>Stops Redis with SIGTERM, which writes the append-only file out before it exits.</summary>
    public Task StopBackendAsync() => StopAsync(_redis, hard: false);

    /// <summary>Kills Redis (SIGKILL): up to its last second of writes, not yet flushed to the append-only file, is lost.</summary>
    public Task KillBackendAsync() => StopAsync(_redis, hard: true);

    /// <summary>
    /// Raises RabbitMQ's memory alarm (a high watermark no memory fits under), which blocks every connection that
    /// publishes, or clears it (the default watermark).
    /// </summary>
    public async Task SetMemoryAlarmAsync(bool raised)
    {
        await using var control = ChildProcess.Start(
            RabbitControl,
            ["-n", NodeName, "set_vm_memory_high_watermark", raised ? "0.000001" : "0.4"],
            new Dictionary<string, string> { ["HOME"] = Path.Combine(Folder, "rabbitmq"), ["ERL_EPMD_ADDRESS"] = "127.0.0.1" });
        var exitCode = await control.WaitForExitAsync(TimeSpan.FromMinutes(1));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl set_vm_memory_high_watermark exited with {exitCode}: {control.Output}");
        }
    }

    /// <summary>Empties <paramref name="queues"/> (deletes them) and the backend, so that a run sees only its own tasks.</summary>
    public async Task ResetAsync(params string[] queues)
    {
        await using (var connection = await new ConnectionFactory { Uri = new Uri(BrokerConnectionString) }.CreateConnectionAsync())
        {
            foreach (var queue in queues)
            {
                await using var channel = await connection.CreateChannelAsync();
                await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
            }
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(BackendConnectionString + ",allowAdmin=true");
        await redis.GetServer($"127.0.0.1:{RedisPort}").FlushAllDatabasesAsync();
    }

    /// <summary>Stops both servers for good (killed, as their data is thrown away) and deletes a temporary folder.</summary>
    public async Task StopAllAsync()
    {
        foreach (var server in _brokerRuns.Concat(_backendRuns))
        {
            await server.DisposeAsync();
        }

        if (_ownsFolder)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private Dictionary<string, string> BrokerEnvironment()
    {
        var rabbit = Path.Combine(Folder, "rabbitmq");
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = rabbit,
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = _distPort.ToString(CultureInfo.InvariantCulture),
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

        return environment;
    }

    private async Task StopAsync(ChildProcess? server, bool hard)
    {
        if (server is null || server.HasExited)
        {
            return;
        }

        if (hard)
        {
            server.KillHard();
        }
        else
        {
            server.Terminate();
        }

        await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
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
