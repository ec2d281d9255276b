using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// Declares a queue the way kombu does for Celery's named queues: a durable direct exchange and a durable queue of
/// the same name, bound by that name. Any other arguments would clash with a Celery peer's declaration.
/// </summary>
public static class QueueTopology
{
    public static async Task DeclareAsync(IChannel channel, string queue, CancellationToken cancellationToken = default)
    {
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, queue, queue, cancellationToken: cancellationToken);
    }
}
