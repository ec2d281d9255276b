using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Telemetry;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// What happens to a message that can never run: a copy kept in the dead-letter queue with its reason, a FAILURE stored
/// for its task id (never over a final one) and counted in its chord, so that no client or chord waits on it; then the
/// original is dropped. Storing and counting are told of, not required: the dead-letter copy is what must not be lost.
/// </summary>
internal sealed partial class MessageRejection(
    DeadLetterPublisher deadLetters,
    RedisResultBackend backend,
    ChordCounter chords,
    TaskQueueMetrics metrics,
    ILogger<MessageRejection> logger)
{
    /// <summary>Rejects the delivery and acknowledges it; returns <paramref name="errorType"/>.</summary>
    /// <param name="decoded">The message, once decoded: the delivery's properties are released by then.</param>
    public async Task<string> RejectAsync(Delivery delivery, DeliveryChannel channel, string errorType, string reason, string? taskId, TaskMessage? decoded = null)
    {
        await CopyToDeadLetterAsync(delivery, errorType, reason, taskId, decoded);
        if (taskId is not null)
        {
            try
            {
                var stored = await backend.StoreAsync(TaskResult.Failure(taskId, errorType, reason, null, decoded?.Headers));
                if (decoded is { Headers.Group: not null, HasChord: true })
                {
                    await chords.CountAsync(decoded, stored);
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogFailureNotStored(exception, taskId);
            }
        }

        await channel.AckAsync(delivery);
        return errorType;
    }

    /// <summary>Keeps a copy in the dead-letter queue, confirmed; the caller settles the delivery.</summary>
    public async Task CopyToDeadLetterAsync(Delivery delivery, string errorType, string reason, string? taskId, TaskMessage? decoded = null)
    {
        var properties = decoded is null ? delivery.Properties : TaskMessageCodec.Encode(decoded).Properties;
        await deadLetters.PublishAsync(delivery.Queue, properties, delivery.Body, errorType, reason);
        metrics.DeadLettered(delivery.Queue, errorType);
        LogDeadLettered(delivery.Queue, taskId ?? "unknown", errorType, reason, DeadLetterPublisher.Queue);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A message from queue {Queue} (task {TaskId}) can never run ({ErrorType}): {Reason} Kept in {DeadLetterQueue}")]
    private partial void LogDeadLettered(string queue, string taskId, string errorType, string reason, string deadLetterQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The FAILURE of dead-lettered task {TaskId} could not be stored or counted in its chord")]
    private partial void LogFailureNotStored(Exception exception, string taskId);
}
