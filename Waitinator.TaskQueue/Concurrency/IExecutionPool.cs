using System.Threading.Channels;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>
/// An execution model (Celery's pools, celery/concurrency/base.py): how the deliveries the consumer hands over are run.
/// Each slot takes the next delivery from the consumer's prefetch buffer whenever it is free.
/// </summary>
internal interface IExecutionPool
{
    /// <summary>
    /// Starts the slots, each taking deliveries from <paramref name="deliveries"/> and running them with <paramref name="run"/>
    /// (which never throws) until <paramref name="intake"/> is cancelled. Returns at once; the task it returns ends when
    /// every slot has finished the delivery it held.
    /// </summary>
    Task Start(ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake);

    /// <summary>Completes when the slots can run tasks at full speed (a process pool's children are warm): the consumer then starts taking messages.</summary>
    Task WhenReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Abandons what still runs, at once: a cold shutdown, or a warm one past its grace.</summary>
    void Terminate();
}
