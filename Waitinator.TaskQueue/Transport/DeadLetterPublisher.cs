using System.Globalization;
using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// Keeps a message that can never run: its body unchanged and the properties given (as received, or encoded again from
/// the decoded headers once the worker has let the received ones go), with the reason and the queue it came from in
/// headers, on the durable queue <see cref="Queue"/>, confirmed, so that the caller may then drop the original. The
/// worker does this itself instead of a RabbitMQ dead-letter policy: queue arguments would clash with a Celery peer's
/// declaration of the same queues.
/// </summary>
public sealed class DeadLetterPublisher(TaskPublisher publisher)
{
    public const string Queue = "waitinator.dead_letter";
    public const string ReasonHeader = "x-waitinator-reason";
    public const string ErrorTypeHeader = "x-waitinator-error-type";
    public const string QueueHeader = "x-waitinator-queue";
    public const string TimeHeader = "x-waitinator-dead-lettered-at";

    public Task PublishAsync(
        string fromQueue, IReadOnlyBasicProperties original, ReadOnlyMemory<byte> body, string errorType, string reason, CancellationToken cancellationToken = default) =>
        publisher.PublishAsIsAsync(
            Queue,
            () => new BasicProperties(original)
            {
                Headers = new Dictionary<string, object?>(original.Headers ?? new Dictionary<string, object?>())
                {
                    [ReasonHeader] = reason,
                    [ErrorTypeHeader] = errorType,
                    [QueueHeader] = fromQueue,
                    [TimeHeader] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                },
            },
            body,
            cancellationToken);
}
