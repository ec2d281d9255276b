using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Execution;

/// <summary>
/// The consumer's channel, for acknowledgements from every slot at once: calls are serialised because an AMQP
/// channel is one ordered stream of frames. When the connection drops or RabbitMQ closes the channel, the broker takes
/// back every unacknowledged delivery and will deliver it again: <see cref="Invalidate"/> starts a new generation, and a
/// delivery of an older one is never acknowledged (its tag means nothing now) nor started.
/// </summary>
public sealed class DeliveryChannel(IChannel channel)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel _channel = channel;
    private int _generation;

    public IChannel Channel => Volatile.Read(ref _channel);

    public int Generation => Volatile.Read(ref _generation);

    public bool IsCurrent(Delivery delivery) => delivery.Generation == Generation;

    /// <summary>Every delivery held so far goes back to the broker, which redelivers it.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>A channel opened in place of one RabbitMQ closed.</summary>
    public void Replace(IChannel replacement) => Volatile.Write(ref _channel, replacement);

    public Task AckAsync(Delivery delivery) => SettleAsync(delivery, channel => channel.BasicAckAsync(delivery.Tag, multiple: false));

    /// <summary>Gives a message back to the queue, for another worker or a later start.</summary>
    public Task RequeueAsync(Delivery delivery) => SettleAsync(delivery, channel => channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true));

    private async Task SettleAsync(Delivery delivery, Func<IChannel, ValueTask> action)
    {
        await _gate.WaitAsync();
        try
        {
            var current = Channel;
            if (!delivery.Settled && IsCurrent(delivery) && current.IsOpen)
            {
                await action(current);
                delivery.Settled = true;
            }
        }
        catch (Exception exception) when (Resilience.OutageRetry.IsOutage(exception))
        {
            // The channel went away under the call: the broker takes the message back and delivers it again.
        }
        finally
        {
            _gate.Release();
        }
    }
}
