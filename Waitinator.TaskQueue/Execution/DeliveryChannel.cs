using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Execution;

/// <summary>
/// The consumer's channel, for acknowledgements from every slot at once: calls are serialised because an AMQP
/// channel is one ordered stream of frames.
/// </summary>
public sealed class DeliveryChannel(IChannel channel)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IChannel Channel => channel;

    public Task AckAsync(Delivery delivery) => SettleAsync(delivery, () => channel.BasicAckAsync(delivery.Tag, multiple: false));

    /// <summary>Gives a message back to the queue, for another worker or a later start.</summary>
    public Task RequeueAsync(Delivery delivery) => SettleAsync(delivery, () => channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true));

    private async Task SettleAsync(Delivery delivery, Func<ValueTask> action)
    {
        await _gate.WaitAsync();
        try
        {
            if (!delivery.Settled && channel.IsOpen)
            {
                await action();
                delivery.Settled = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
