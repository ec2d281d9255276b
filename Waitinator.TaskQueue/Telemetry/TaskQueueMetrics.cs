using System.Diagnostics;
using System.Diagnostics.Metrics;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Telemetry;

/// <summary>
/// The task queue's meter: what no library reports. Messaging instruments follow OpenTelemetry's conventions
/// (messaging.client.sent.messages, messaging.client.consumed.messages, messaging.process.duration); the rest are
/// the engine's own: tasks by outcome, in flight, their duration and queue wait, prefetched messages, and this process's
/// open connections and channels to the broker and connections to Redis.
/// </summary>
public sealed class TaskQueueMetrics
{
    public const string MeterName = "Waitinator.TaskQueue";
    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _consumed;
    private readonly Histogram<double> _processDuration;
    private readonly Counter<long> _started;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _retried;
    private readonly Histogram<double> _taskDuration;
    private readonly Histogram<double> _queueWait;
    private long _brokerChannels;

    public TaskQueueMetrics(IMeterFactory meters, IConnection broker, IConnectionMultiplexer redis, BrokerFlowControl? flow = null)
    {
        _meter = meters.Create(MeterName);
        _sent = _meter.CreateCounter<long>("messaging.client.sent.messages", "{message}", "Task messages published to the broker.");
        _consumed = _meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}", "Task messages delivered to this process.");
        _processDuration = _meter.CreateHistogram<double>("messaging.process.duration", "s", "From delivery to settlement: running the task, storing its result, counting it in its chord.");
        _started = _meter.CreateCounter<long>(TaskQueueMetricNames.TasksStarted, "{task}", "Tasks whose handler started.");
        _succeeded = _meter.CreateCounter<long>(TaskQueueMetricNames.TasksSucceeded, "{task}", "Tasks whose handler returned a result.");
        _failed = _meter.CreateCounter<long>(TaskQueueMetricNames.TasksFailed, "{task}", "Tasks whose handler failed or that were rejected.");
        _retried = _meter.CreateCounter<long>(TaskQueueMetricNames.TasksRetried, "{task}", "Task runs that failed and were published again to run later (Celery's retry).");
        _deadLettered = _meter.CreateCounter<long>(TaskQueueMetricNames.MessagesDeadLettered, "{message}", "Messages that can never run, moved to the dead-letter queue with the reason.");
        _inFlight = _meter.CreateUpDownCounter<long>(TaskQueueMetricNames.TasksInFlight, "{task}", "Tasks running now in this process.");
        _taskDuration = _meter.CreateHistogram<double>(TaskQueueMetricNames.TaskDuration, "s", "How long a task's handler ran.");
        _queueWait = _meter.CreateHistogram<double>(TaskQueueMetricNames.TaskQueueWait, "s", "From publish to the handler's start: time in the broker's queue and in this worker's prefetch buffer.");
        _meter.CreateObservableUpDownCounter(TaskQueueMetricNames.BrokerConnections, () => broker.IsOpen ? 1 : 0, "{connection}", "Open AMQP connections of this process.");
        _meter.CreateObservableUpDownCounter(TaskQueueMetricNames.BrokerChannels, () => Volatile.Read(ref _brokerChannels), "{channel}", "Open AMQP channels of this process.");
        _meter.CreateObservableUpDownCounter(TaskQueueMetricNames.RedisConnections, () => RedisSockets(redis), "{connection}", "Connected Redis sockets of this process (commands and pub/sub).");
        if (flow is not null)
        {
            _meter.CreateObservableGauge(TaskQueueMetricNames.BrokerBlocked, () => flow.IsBlocked ? 1 : 0, "{connection}", "1 while RabbitMQ blocks this process's connection (a memory or disk alarm): its publishes wait.");
            _meter.CreateObservableCounter(TaskQueueMetricNames.BrokerBlocks, () => flow.Blocks, "{block}", "Times RabbitMQ blocked this process's connection.");
        }
    }

    /// <summary>Counts a channel while it is open.</summary>
    public void Track(IChannel channel)
    {
        Interlocked.Increment(ref _brokerChannels);
        channel.ChannelShutdownAsync += (_, _) =>
        {
            Interlocked.Decrement(ref _brokerChannels);
            return Task.CompletedTask;
        };
    }

    /// <summary>Messages delivered to this worker and not yet started.</summary>
    public void ObservePrefetched(Func<int> count) =>
        _meter.CreateObservableUpDownCounter(TaskQueueMetricNames.Prefetched, count, "{message}", "Messages this process holds unstarted (its prefetch).");

    /// <summary>Messages this worker holds unacknowledged until their eta.</summary>
    public void ObserveHeldForEta(Func<int> count) =>
        _meter.CreateObservableUpDownCounter(TaskQueueMetricNames.HeldForEta, count, "{message}", "Messages this process holds outside its slots until their eta (a countdown, a retry's back-off).");

    public void Published(string queue) => _sent.Add(1, Queue(queue));

    public void Consumed(string queue) => _consumed.Add(1, Queue(queue));

    public void Retried(string taskName) => _retried.Add(1, new TagList { { "celery.task.name", taskName } });

    public void DeadLettered(string queue, string errorType)
    {
        var tags = Queue(queue);
        tags.Add("error.type", errorType);
        _deadLettered.Add(1, tags);
    }

    public void Processed(string queue, TimeSpan duration, string? errorType)
    {
        var tags = Queue(queue);
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _processDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>A task starts: counts it in flight; dispose the result when it ends.</summary>
    public TaskScope Start(string taskName, DateTimeOffset? sentAt)
    {
        var tags = new TagList { { "celery.task.name", taskName } };
        _started.Add(1, tags);
        _inFlight.Add(1, tags);
        if (sentAt is { } sent)
        {
            _queueWait.Record(Math.Max(0, (DateTimeOffset.UtcNow - sent).TotalSeconds), tags);
        }

        return new TaskScope(this, tags, Stopwatch.GetTimestamp());
    }

    private static TagList Queue(string queue) => new() { { "messaging.system", "rabbitmq" }, { "messaging.destination.name", queue } };

    private static long RedisSockets(IConnectionMultiplexer redis)
    {
        long sockets = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var counters = redis.GetServer(endpoint).GetCounters();
            sockets += counters.Interactive.SocketCount + counters.Subscription.SocketCount;
        }

        return sockets;
    }

    /// <summary>A running task's measurements, ended by <see cref="End"/>.</summary>
    public readonly record struct TaskScope(TaskQueueMetrics Metrics, TagList Tags, long StartedAt)
    {
        public void End(bool succeeded)
        {
            Metrics._inFlight.Add(-1, Tags);
            Metrics._taskDuration.Record(Stopwatch.GetElapsedTime(StartedAt).TotalSeconds, Tags);
            (succeeded ? Metrics._succeeded : Metrics._failed).Add(1, Tags);
        }
    }
}
