using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Telemetry;
using Waitinator.TaskQueue.Transport;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>The process model hands each task to a free child, as Celery's prefork parent does, against the real servers and worker.</summary>
[Collection(LabServersCollection.Name)]
public sealed class ProcessModelTests(LabServers servers)
{
    [Fact]
    public async Task No_short_task_waits_behind_a_long_one_while_the_other_child_is_free()
    {
        // Api time scale 0.01: the long task sleeps 4 s, each short one 0.1 s. With early acks (the default) a child that
        // took messages for itself would acknowledge the long task, receive a short one at once and hold it for 4 s
        // while the other child sat idle.
        await using var run = await LabRun.StartAsync(servers, 0.01);
        await run.StartWorkerAsync("Process", 2, acks: "Early");
        await using var broker = await new ConnectionFactory { Uri = new Uri(servers.BrokerConnectionString) }.CreateConnectionAsync("process-model-test");
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var publisher = new TaskPublisher(broker, new TaskRoutes(new Dictionary<string, string>()), new TaskQueueMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), broker, redis));
        var backend = new RedisResultBackend(redis, TimeSpan.FromDays(1));

        var ids = new List<string>();
        foreach (var asked in new[] { 400.0 }.Concat(Enumerable.Repeat(10.0, 8)))
        {
            var id = Guid.NewGuid().ToString();
            ids.Add(id);
            await publisher.PublishAsync(new TaskMessage(new TaskHeaders { Task = "waitinate", Id = id, RootId = id }, [asked], []));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var results = await Task.WhenAll(ids.Select(id => backend.WaitAsync(id, timeout.Token)));

        Assert.All(results, result => Assert.Equal(TaskStates.Success, result.Status));
        var tasks = results.Select(result => (JsonObject)result.Result!).ToList();
        var (longTask, shortTasks) = (tasks[0], tasks.Skip(1).ToList());
        Assert.Equal(4.0, longTask["sleep_seconds"]!.GetValue<double>(), 6);
        Assert.All(shortTasks, task =>
        {
            Assert.True(Time(task, "ended_at") < Time(longTask, "ended_at"), $"A short task ended at {task["ended_at"]}, after the long one ({longTask["ended_at"]}): it waited behind it.");
            Assert.NotEqual(longTask["pid"]!.GetValue<int>(), task["pid"]!.GetValue<int>());
        });
    }

    private static DateTime Time(JsonObject task, string field) =>
        DateTime.Parse(task[field]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
