using System.Diagnostics;

namespace Waitinator.TaskQueue.Telemetry;

/// <summary>
/// Spans of the task queue, named and tagged by OpenTelemetry's messaging conventions ("publish &lt;queue&gt;",
/// "process &lt;queue&gt;"). The trace context travels in the Celery message's traceparent header, so a chord's publish,
/// its tasks and its callback form one trace.
/// </summary>
public static class TaskQueueActivitySource
{
    public const string Name = "Waitinator.TaskQueue";

    public static readonly ActivitySource Source = new(Name);

    public static Activity? StartPublish(string queue, string taskName, string taskId)
    {
        var activity = Source.StartActivity($"publish {queue}", ActivityKind.Producer);
        return activity?.SetTag("messaging.system", "rabbitmq")
            .SetTag("messaging.operation.type", "send")
            .SetTag("messaging.operation.name", "publish")
            .SetTag("messaging.destination.name", queue)
            .SetTag("messaging.message.id", taskId)
            .SetTag("celery.task.name", taskName);
    }

    /// <summary>A consumer span whose parent is the publisher's span named in the message's traceparent, if any.</summary>
    public static Activity? StartProcess(string queue, string taskName, string taskId, string? traceParent, bool redelivered)
    {
        var parent = ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        var activity = Source.StartActivity($"process {queue}", ActivityKind.Consumer, parent);
        return activity?.SetTag("messaging.system", "rabbitmq")
            .SetTag("messaging.operation.type", "process")
            .SetTag("messaging.operation.name", "process")
            .SetTag("messaging.destination.name", queue)
            .SetTag("messaging.message.id", taskId)
            .SetTag("waitinator.message.redelivered", redelivered)
            .SetTag("celery.task.name", taskName);
    }

    public static Activity? StartInternal(string name) => Source.StartActivity(name, ActivityKind.Internal);
}
