using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// Waits until RabbitMQ counts enough consumers on each queue. A worker consumes only once warmed up, so this is how a
/// client knows that every worker process is ready before it submits: without it, the first tasks land on whichever
/// process came up first.
/// </summary>
public static class QueueConsumers
{
    public static async Task WaitForAsync(
        IConnection connection, IReadOnlyCollection<string> queues, int expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var queue in queues)
        {
            await QueueTopology.DeclareAsync(channel, queue, cancellationToken);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var counts = new Dictionary<string, uint>();
        try
        {
            while (true)
            {
                foreach (var queue in queues)
                {
                    counts[queue] = await channel.ConsumerCountAsync(queue, limit.Token);
                }

                if (counts.Values.All(count => count >= expected))
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seen = string.Join(", ", counts.Select(pair => $"{pair.Key}: {pair.Value}"));
            throw new TimeoutException($"Waited {timeout} for {expected} consumers on each queue; RabbitMQ counts {seen}.");
        }
    }
}
