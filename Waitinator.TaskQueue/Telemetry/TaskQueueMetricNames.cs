namespace Waitinator.TaskQueue.Telemetry;

/// <summary>The engine's own metric names (meter Waitinator.TaskQueue), for whoever reads what it publishes.</summary>
public static class TaskQueueMetricNames
{
    public const string TasksStarted = "waitinator.tasks.started";
    public const string TasksSucceeded = "waitinator.tasks.succeeded";
    public const string TasksFailed = "waitinator.tasks.failed";
    public const string TasksRetried = "waitinator.tasks.retried";
    public const string MessagesDeadLettered = "waitinator.messages.dead_lettered";
    public const string TasksInFlight = "waitinator.tasks.in_flight";
    public const string TaskDuration = "waitinator.task.duration";
    public const string TaskQueueWait = "waitinator.task.queue_wait";
    public const string BrokerConnections = "waitinator.broker.connections";
    public const string BrokerChannels = "waitinator.broker.channels";
    public const string RedisConnections = "waitinator.redis.connections";
    public const string Prefetched = "waitinator.prefetched";
    public const string HeldForEta = "waitinator.held_for_eta";
    public const string BrokerBlocked = "waitinator.broker.blocked";
    public const string BrokerBlocks = "waitinator.broker.blocks";
}
