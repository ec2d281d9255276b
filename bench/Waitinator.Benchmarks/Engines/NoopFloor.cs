using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Waitinator.TaskQueue.Protocol;

namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// The noop scenario's floor: the broker and Redis work a no-op task causes (a delivery, its acknowledgement, its result
/// stored with its notice published, by the same backend call the engine makes) done by a consumer with no engine:
/// no decoding beyond the task id, no pool, no processor. Its tasks per second, between the first and the last result
/// as the engine's are read, bound what any worker reaches on this broker and machine at that moment.
/// </summary>
internal static class NoopFloor
{
    /// <summary>The largest batch of acknowledgements, as the worker's.</summary>
    private const int AckEvery = 100;

    /// <summary>Drains <paramref name="ids"/> (published beforehand as no-op tasks) with the same prefetch as the contender.</summary>
    public static async Task<double> TasksPerSecondAsync(BenchmarkLab lab, IReadOnlyList<string> ids, ushort prefetch, CancellationToken cancellationToken)
    {
        await using var connection = await lab.Servers.ConnectBrokerAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken);
        // RabbitMQ sends no more than the prefetch unacknowledged: a batch must settle within half of it, or a small
        // prefetch (a solo contender's 4) would leave the consumer waiting for deliveries that never come.
        var ackEvery = Math.Clamp(prefetch / 2, 1, AckEvery);
        var pending = new List<Task>(ackEvery);
        var received = 0;
        var consumer = new AsyncEventingBasicConsumer(channel);
        // The channel hands deliveries to this consumer one at a time: no lock. Stores are pipelined; every batch of
        // deliveries their stores are awaited and one cumulative ack settles them, as the worker batches its acks.
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var id = delivery.BasicProperties.Headers?["id"] is byte[] bytes ? Encoding.UTF8.GetString(bytes) : string.Empty;
            pending.Add(lab.Backend.StoreAsync(TaskResult.Success(id, null)));
            if (++received % ackEvery == 0 || received == ids.Count)
            {
                await Task.WhenAll(pending);
                pending.Clear();
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: true, CancellationToken.None);
            }
        };
        await channel.BasicConsumeAsync("noop", autoAck: false, consumer, cancellationToken);
        var results = await ResultWaiter.WaitAsync(lab.Redis.GetDatabase(), ids, TimeSpan.FromSeconds(60 + ids.Count / 100.0), () => true, cancellationToken);
        var done = results.Values.Select(result => result.DateDone!.Value).ToList();
        return (ids.Count - 1) / Math.Max((done.Max() - done.Min()).TotalSeconds, 1e-6);
    }
}
