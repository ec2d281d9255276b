using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.TaskQueue.Hosting;

/// <summary>A worker's settings (configuration section "Worker"), the .NET counterparts of Celery's worker settings.</summary>
public sealed record WorkerOptions
{
    public const string SectionName = "Worker";

    public ExecutionModel ExecutionModel { get; init; } = ExecutionModel.Async;

    /// <summary>Tasks run at once: threads, asynchronous slots or child processes.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>
    /// Messages held unacknowledged per slot, for all the worker's queues together (Celery's worker_prefetch_multiplier);
    /// 0 means no limit. Tasks waiting for their eta are held besides.
    /// </summary>
    public int PrefetchMultiplier { get; init; } = 1;

    public AckMode Acks { get; init; } = AckMode.Early;

    /// <summary>
    /// The queues to consume; unset means the queues the host consumes by default
    /// (<see cref="TaskQueueWorkerBuilder.ConsumeByDefault"/>), or else the queue each of its tasks is routed to.
    /// </summary>
    /// <remarks>No array default here: the configuration binder appends configured items to a default array.</remarks>
    public string[]? Queues { get; init; }

    /// <summary>Task name to queue, for the tasks a worker publishes (chord callbacks); unrouted tasks go to the queue of their name.</summary>
    public Dictionary<string, string> Routes { get; init; } = [];

    /// <summary>
    /// The largest message body a worker takes; a larger one goes to the dead-letter queue. The default, 16 MiB, holds a
    /// chord callback carrying ten thousand small results.
    /// </summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>How long results stay in Redis (Celery's result_expires: one day).</summary>
    public TimeSpan ResultExpires { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a warm shutdown (SIGTERM) waits for running tasks before leaving them to redelivery (late acks) or loss
    /// (early acks). Celery waits without limit; the default is five minutes.
    /// </summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a task waits for RabbitMQ or Redis to come back (a restart) before it fails. Its result, chord count and
    /// callback are then written when the server is back instead of being lost or run twice.
    /// </summary>
    public TimeSpan OutageTolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often a message is given back after a failure outside its task that may pass (Redis or RabbitMQ unavailable
    /// for longer than <see cref="OutageTolerance"/>), each time later (1 s doubled up to a minute), before it goes to the
    /// dead-letter queue with the last failure as its reason.
    /// </summary>
    public int DeliveryLimit { get; init; } = 10;

    /// <summary>
    /// How long a prefetched, unstarted message may wait in the worker before it is handed back to the queue (and so
    /// delivered afresh). It must stay under the broker's consumer_timeout (RabbitMQ: 30 min by default), which otherwise
    /// closes the channel of a consumer that holds a message unacknowledged for longer, as behind a long task. 0 keeps them.
    /// </summary>
    public TimeSpan PrefetchHoldLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// While every slot has been busy this long, the worker hands the prefetched messages it holds back to the queue (for a
    /// worker with a free slot) and takes no more until one of its slots frees, so that a short task does not wait behind
    /// long ones while another worker is idle. Tasks shorter than this free a slot first, and prefetch works as usual.
    /// 0, the default, keeps prefetched messages whatever the slots do (Celery's behaviour): a worker that had stopped
    /// taking messages when RabbitMQ restarted did not take them again in the fault tests, so the hand-back is opt-in.
    /// </summary>
    public TimeSpan HandBackWhenBusy { get; init; }

    /// <summary>Set by a process-model supervisor on its children: the children then report the supervisor's model and concurrency.</summary>
    public int? SupervisorProcessId { get; init; }

    /// <summary>Set by a process-model supervisor on its children: how many children it runs.</summary>
    public int? SupervisorConcurrency { get; init; }

    /// <summary>Set by a process-model supervisor on its children: the socket a child answers on; the child then runs only what the supervisor hands it.</summary>
    public string? SupervisorSocket { get; init; }

    /// <summary>Set by a process-model supervisor on its children: which of its children this is.</summary>
    public int? ChildIndex { get; init; }

    /// <summary>The prefetch count asked of RabbitMQ: the slots in this process x multiplier; 0 means unlimited.</summary>
    public ushort PrefetchCount => (ushort)Math.Min(ushort.MaxValue, SlotsInThisProcess * PrefetchMultiplier);

    /// <summary>Tasks this worker runs at once: in the Process model one in each child, which the supervisor's slots hold.</summary>
    public int SlotsInThisProcess => ExecutionPools.SlotsInThisProcess(ExecutionModel, Concurrency);
}
