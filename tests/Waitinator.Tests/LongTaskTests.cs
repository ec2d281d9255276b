using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// Tasks longer than the broker's heartbeat interval and its consumer timeout, against a RabbitMQ that enforces both
/// within seconds: the original investigation had to turn heartbeats off; the lab must not have to.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed class LongTaskTests(StrictBrokerServers servers) : IClassFixture<StrictBrokerServers>
{
    // 180-210 s at 0.03: a task takes 5.4-6.3 s, over the 4 s consumer timeout and two heartbeat intervals.
    private const double TimeScale = 0.03;

    [Fact]
    public async Task The_strict_broker_closes_a_channel_that_holds_a_delivery_past_the_consumer_timeout()
    {
        // The control: without this, the tests below could pass against a broker that enforces nothing.
        await using var connection = await new ConnectionFactory { Uri = new Uri(servers.BrokerConnectionString) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(exclusive: false, autoDelete: true)).QueueName;
        await channel.BasicPublishAsync(string.Empty, queue, "held"u8.ToArray());
        var closed = new TaskCompletionSource<ShutdownEventArgs>();
        channel.ChannelShutdownAsync += (_, reason) =>
        {
            closed.TrySetResult(reason);
            return Task.CompletedTask;
        };
        var consumer = new AsyncEventingBasicConsumer(channel);
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);

        var reason = await closed.Task.WaitAsync(StrictBrokerServers.ConsumerTimeout * 4);

        Assert.Equal(406, reason.ReplyCode);
        Assert.Contains("timeout", reason.ReplyText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(StrictBrokerServers.Heartbeat, connection.Heartbeat);
    }

    [Theory]
    [InlineData("Solo", 1)]
    [InlineData("Threads", 2)]
    [InlineData("Async", 2)]
    [InlineData("Process", 2)]
    public async Task Long_tasks_keep_their_connection_and_channel_and_run_once_in_every_model(string model, int concurrency)
    {
        await using var run = await LabRun.StartAsync(servers, TimeScale);
        var brokerLogFrom = servers.BrokerOutput.Length; // The broker's log of this test only: the others here provoke timeouts.
        // Prefetch multiplier 2: a prefetched task waits behind a running one longer than the consumer timeout.
        var worker = await run.StartWorkerAsync(model, concurrency, acks: "Early", prefetchMultiplier: 2, settings: HoldLimit);

        var report = await run.RunProducerAsync(TimeSpan.FromMinutes(3), 4);

        TaskEngineTests.AssertChordsComplete(report, run);
        Assert.All(run.RecordedRuns("waitinate_tasks").Values, runs => Assert.Equal(1, runs));
        Assert.All(report.Chords.SelectMany(c => c.Results), r => Assert.True(r.TaskSeconds > StrictBrokerServers.ConsumerTimeout.TotalSeconds));
        Assert.True(!worker.Output.Contains("RabbitMQ closed the consumer channel", StringComparison.Ordinal), $"Found 'RabbitMQ closed the consumer channel'. Worker:\n{worker.Output}\nBroker:\n{servers.BrokerOutput}");
        Assert.True(!worker.Output.Contains("Performing automatic recovery", StringComparison.Ordinal), $"Found 'Performing automatic recovery'. Worker:\n{worker.Output}\nBroker:\n{servers.BrokerOutput}");
        var brokerLog = servers.BrokerOutput[brokerLogFrom..];
        Assert.True(!brokerLog.Contains("missed heartbeats", StringComparison.Ordinal), $"Found 'missed heartbeats'. Worker:\n{worker.Output}\nBroker:\n{servers.BrokerOutput}");
        Assert.True(!brokerLog.Contains("delivery acknowledgement", StringComparison.Ordinal), $"Found 'delivery acknowledgement'. Worker:\n{worker.Output}\nBroker:\n{servers.BrokerOutput}");
        Assert.True(worker.Output.Contains("prefetched messages held over", StringComparison.Ordinal), $"Missing 'prefetched messages held over'. Worker:\n{worker.Output}\nBroker:\n{servers.BrokerOutput}");
    }

    [Fact]
    public async Task A_late_acknowledged_task_longer_than_the_consumer_timeout_loses_its_channel_but_runs_once()
    {
        // RabbitMQ 3.10 has no per-consumer timeout: a late ack held past it closes the channel (hence the lab's broker
        // setting). The worker reopens the channel, and the redelivered copy waits for the run in progress instead of
        // running again. Sometimes RabbitMQ.Client drops the whole connection instead (a frame for the closed channel
        // arrives after the client forgot it: "The given key '1' was not present"); automatic recovery then takes over.
        // Either way nothing runs twice, which is what the user relies on.
        await using var run = await LabRun.StartAsync(servers, TimeScale);
        var brokerLogFrom = servers.BrokerOutput.Length;
        var worker = await run.StartWorkerAsync("Async", 4, acks: "Late", settings: HoldLimit);

        var report = await run.RunProducerAsync(TimeSpan.FromMinutes(3), 4);

        TaskEngineTests.AssertChordsComplete(report, run);
        Assert.All(run.RecordedRuns("waitinate_tasks").Values, runs => Assert.Equal(1, runs));
        var context = $"Worker:\n{worker.Output}\nBroker:\n{servers.BrokerOutput}";
        Assert.True(servers.BrokerOutput[brokerLogFrom..].Contains("delivery acknowledgement", StringComparison.Ordinal), $"RabbitMQ never timed the consumer out. {context}");
        var reopened = worker.Output.Contains("RabbitMQ closed the consumer channel", StringComparison.Ordinal)
            && worker.Output.Contains("consumer_timeout", StringComparison.Ordinal)
            && worker.Output.Contains("Consumer channel reopened", StringComparison.Ordinal);
        var recovered = worker.Output.Contains("Connection recovery completed", StringComparison.Ordinal);
        Assert.True(reopened || recovered, $"The worker neither reopened its channel nor recovered its connection. {context}");
    }

    // Prefetched messages are kept while every slot is busy (not handed back after a second), so that the consumer
    // timeout's own guard is what returns them.
    private static Dictionary<string, string> HoldLimit => new()
    {
        ["Worker__PrefetchHoldLimit"] = TimeSpan.FromSeconds(2).ToString("c", CultureInfo.InvariantCulture),
        ["Worker__HandBackWhenBusy"] = "00:00:00",
    };
}
