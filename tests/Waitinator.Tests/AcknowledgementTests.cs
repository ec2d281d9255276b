using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The worker batches acknowledgements, acking every settled delivery up to a tag at once. A long task at the head of
/// the prefetch window must not hold back the acks of quick tasks behind it, or the window would shut and the worker stall.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed class AcknowledgementTests(LabServers servers)
{
    private const int QuickTasks = 200;

    [Fact]
    public async Task Quick_tasks_behind_a_running_long_one_are_acknowledged_and_run_and_nothing_is_left_unacknowledged()
    {
        // 180-210 s at 0.05: the long task sleeps 9-10.5 s.
        await using var run = await LabRun.StartAsync(servers, 0.05);
        // Two slots, prefetch 4, late acks: the long task holds one slot and one unacknowledged delivery throughout.
        var worker = await run.StartWorkerAsync("Async", 2, acks: "Late", prefetchMultiplier: 2, settings: new Dictionary<string, string>
        {
            ["Worker__Queues__0"] = "waitinate",
            ["Worker__Queues__1"] = "noop",
        });
        await using var broker = await new ConnectionFactory { Uri = new Uri(servers.BrokerConnectionString) }.CreateConnectionAsync();
        await using var channel = await broker.CreateChannelAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var results = new RedisResultBackend(redis, TimeSpan.FromDays(1));

        var longTask = await PublishAsync(channel, "waitinate");
        await Eventually.WaitUntilAsync(() => run.Api.InFlight == 1, TimeSpan.FromSeconds(30), () => worker.Output);
        var quick = new List<string>();
        for (var index = 0; index < QuickTasks; index++)
        {
            quick.Add(await PublishAsync(channel, "noop"));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        var done = 0;
        while (done < QuickTasks && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            done = 0;
            foreach (var id in quick)
            {
                done += (await results.GetAsync(id))?.Status == TaskStates.Success ? 1 : 0;
            }
        }

        Assert.True(run.Api.InFlight == 1, "The long task ended before the quick ones were checked; the test proves nothing.");
        Assert.True(done == QuickTasks, $"{done} of {QuickTasks} quick tasks ran while the long one held the head of the window. Worker:\n{worker.Output}");

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await results.WaitAsync(longTask, patience.Token);
        Assert.Equal(TaskStates.Success, result.Status);
        worker.Terminate();
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        // A delivery whose ack never reached the broker would be back in its queue once the worker's channel closed.
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync("noop")).MessageCount);
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync("waitinate")).MessageCount);
        Assert.Contains("0 prefetched tasks returned", worker.Output, StringComparison.Ordinal);
    }

    private static async Task<string> PublishAsync(IChannel channel, string task)
    {
        var id = Guid.NewGuid().ToString();
        var (properties, body) = TaskMessageCodec.Encode(new TaskMessage(new TaskHeaders { Task = task, Id = id, Origin = "test" }, [], []));
        await channel.BasicPublishAsync(task, task, mandatory: true, properties, body);
        return id;
    }
}
