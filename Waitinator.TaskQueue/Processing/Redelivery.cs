using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// A delivery that failed outside its task for a reason that may pass (Redis or RabbitMQ unavailable for longer than the
/// outage tolerance): given back to run again later, as a copy published with a back-off eta and a count of times given
/// back, confirmed before the delivery is acknowledged, so the task is never in neither place. Given back
/// Worker:DeliveryLimit times, it goes to the dead-letter queue with the last failure as its reason. A delivery already
/// acknowledged (early acks) is not given back: as in Celery, its task is lost, and said to be.
/// </summary>
internal sealed partial class Redelivery(TaskPublisher publisher, MessageRejection rejection, WorkerOptions options, ILogger<Redelivery> logger)
{
    public const string LimitReached = "delivery_limit";

    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    public async Task<string> GiveBackAsync(Delivery delivery, DeliveryChannel channel, TaskMessage message, Exception failure)
    {
        var headers = message.Headers;
        var why = $"{failure.GetType().Name}: {failure.Message}";
        if (delivery.Settled)
        {
            LogLost(headers.Task, headers.Id, why);
            return failure.GetType().Name;
        }

        var given = headers.GivenBack + 1;
        if (given > options.DeliveryLimit)
        {
            return await rejection.RejectAsync(delivery, channel, LimitReached,
                $"Given back {headers.GivenBack} times (Worker:DeliveryLimit {options.DeliveryLimit}); the last failure: {why}", headers.Id, message);
        }

        var delay = Delay(given);
        await publisher.PublishAsync(message with
        {
            Headers = headers with { GivenBack = given, Eta = CeleryTime.Format(DateTimeOffset.UtcNow + delay), Republished = true },
        });
        await channel.AckAsync(delivery);
        LogGivenBack(headers.Task, headers.Id, given, options.DeliveryLimit, delay.TotalSeconds, why);
        return failure.GetType().Name;
    }

    /// <summary>1 s doubled each time up to a minute, each a random time between half and all of it.</summary>
    private static TimeSpan Delay(int given) =>
        TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, FirstDelay.TotalSeconds * Math.Pow(2, given - 1)) * (0.5 + (Random.Shared.NextDouble() / 2)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}[{TaskId}] given back ({Given} of {Limit}), to run again in {Seconds:F1} s: {Reason}")]
    private partial void LogGivenBack(string task, string taskId, int given, int limit, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {Task}[{TaskId}] lost: it was acknowledged when it started (Worker:Acks=Early) and then failed outside its handler: {Reason}")]
    private partial void LogLost(string task, string taskId, string reason);
}
