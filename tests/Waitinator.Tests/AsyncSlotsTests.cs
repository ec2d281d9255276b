using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Transport;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The async model's slots, in a worker host built in the test process with handlers of its own, against the real servers:
/// the concurrency setting holds, and a task that blocks before its first await is named.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed class AsyncSlotsTests(LabServers servers)
{
    private const int Slots = 3;

    [Fact]
    public async Task The_async_model_runs_at_most_its_concurrency_at_once_and_names_a_task_that_blocks_its_dispatch()
    {
        var queue = $"async-slots-{Guid.NewGuid():N}";
        var gauge = new RunningGauge();
        await using var broker = await new ConnectionFactory { Uri = new Uri(servers.BrokerConnectionString) }.CreateConnectionAsync("async-slots-test");
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        using var host = await StartWorkerAsync(queue, broker, redis, gauge);
        var publisher = host.Services.GetRequiredService<TaskPublisher>();
        var backend = host.Services.GetRequiredService<RedisResultBackend>();

        var ids = new List<string>();
        foreach (var task in Enumerable.Repeat(HoldingTask.Name, 12).Append(BlockingTask.Name).Concat(Enumerable.Repeat(HoldingTask.Name, 6)))
        {
            var id = Guid.NewGuid().ToString();
            ids.Add(id);
            await publisher.PublishAsync(new TaskMessage(new TaskHeaders { Task = task, Id = id, RootId = id }, [], []));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var results = await Task.WhenAll(ids.Select(id => backend.WaitAsync(id, timeout.Token)));

        Assert.All(results, result => Assert.Equal(TaskStates.Success, result.Status));
        Assert.Equal(Slots, gauge.Peak);
        // The blocking task held the dispatch for its whole second; no other start comes near that.
        var warnings = host.Services.GetFakeLogCollector().GetSnapshot().Where(log => log.Level >= LogLevel.Warning).Select(log => log.Message);
        var warning = Assert.Single(warnings, message => BlockedMilliseconds(message) >= 900);
        Assert.Contains(queue, warning, StringComparison.Ordinal);
        await host.StopAsync();
    }

    private static double BlockedMilliseconds(string message) =>
        System.Text.RegularExpressions.Regex.Match(message, @"held the async model's dispatch for (\d+) ms") is { Success: true } match
            ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    private static async Task<IHost> StartWorkerAsync(string queue, IConnection broker, IConnectionMultiplexer redis, RunningGauge gauge)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Worker:ExecutionModel"] = "Async",
            ["Worker:Concurrency"] = Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Worker:PrefetchMultiplier"] = "4",
            ["Worker:Queues:0"] = queue,
            [$"Worker:Routes:{HoldingTask.Name}"] = queue,
            [$"Worker:Routes:{BlockingTask.Name}"] = queue,
        });
        builder.Logging.ClearProviders().AddFakeLogging();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton(broker);
        builder.Services.AddSingleton(redis);
        builder.Services.AddSingleton(gauge);
        builder.Services.AddTaskQueueWorker()
            .AddTask<HoldingTask>()
            .AddTask<BlockingTask>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Counts the tasks running at once, and the most ever seen.</summary>
    private sealed class RunningGauge
    {
        private int _running;
        private int _peak;

        public int Peak => Volatile.Read(ref _peak);

        public async ValueTask<JsonNode?> HoldAsync(TimeSpan time)
        {
            var now = Interlocked.Increment(ref _running);
            for (var peak = Peak; now > peak; peak = Peak)
            {
                Interlocked.CompareExchange(ref _peak, now, peak);
            }

            await Task.Delay(time);
            Interlocked.Decrement(ref _running);
            return null;
        }
    }

    /// <summary>An I/O-bound task as the async model wants it: it awaits.</summary>
    private sealed class HoldingTask(RunningGauge gauge) : ITaskHandler
    {
        public const string Name = "test.hold";

        string ITaskHandler.Name => Name;

        public ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken) => gauge.HoldAsync(TimeSpan.FromMilliseconds(150));
    }

    /// <summary>A task that blocks its thread before it first awaits, which the async model must report.</summary>
    private sealed class BlockingTask(RunningGauge gauge) : ITaskHandler
    {
        public const string Name = "test.block";

        string ITaskHandler.Name => Name;

        public ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken)
        {
            Thread.Sleep(TimeSpan.FromSeconds(1));
            return gauge.HoldAsync(TimeSpan.FromMilliseconds(10));
        }
    }
}
