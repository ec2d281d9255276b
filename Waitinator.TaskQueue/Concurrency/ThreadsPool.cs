using System.Threading.Channels;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>The Threads model (Celery's threads pool): N OS threads, each held for the whole of its task.</summary>
internal sealed class ThreadsPool(int slots) : IExecutionPool
{
    public Task Start(ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake) =>
        Task.WhenAll(Enumerable.Range(0, slots).Select(index => StartSlot(index, deliveries, run, intake)));

    public void Terminate()
    {
        // Background threads end with the process.
    }

    /// <summary>A slot that holds an OS thread for the whole of each task, as a thread pool worker does.</summary>
    internal static Task StartSlot(int index, ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    var delivery = deliveries.ReadAsync(intake).AsTask().GetAwaiter().GetResult();
                    run(delivery).GetAwaiter().GetResult();
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
            {
            }
            finally
            {
                done.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"task-slot-{index}",
        };
        thread.Start();
        return done.Task;
    }
}
