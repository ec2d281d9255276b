using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>
/// The Async model (gevent's and eventlet's counterpart): the slots are permits, and one loop takes a delivery whenever a
/// slot is free and starts its task, which runs on the loop until its first wait (an HTTP call, say) and goes on from there
/// on its own. A task per slot waiting on the buffer would instead become a queued thread-pool item per slot the moment
/// the deliveries arrive, and everything else in the process (HTTP/2's connection writers among it) would wait behind
/// them (docs/performance.md, "The async model's one dispatch loop").
/// <para>
/// The price is the model's rule, as with gevent's greenlets: a task must await its I/O, not block before it does, or it
/// holds up every start behind it (<see cref="LogBlockedDispatch"/> names it).
/// </para>
/// </summary>
internal sealed partial class AsyncPool(int slots, ILogger<AsyncPool> logger) : IExecutionPool
{
    private static readonly TimeSpan BlockedDispatchWarning = TimeSpan.FromMilliseconds(250);

    public Task Start(ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake) =>
        Task.Run(() => DispatchAsync(deliveries, run, intake));

    public void Terminate()
    {
        // Running tasks end with the process.
    }

    /// <summary>Ends once the intake has stopped and every slot is free again.</summary>
    private async Task DispatchAsync(ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake)
    {
        using var free = new SemaphoreSlim(slots, slots);
        try
        {
            while (true)
            {
                await free.WaitAsync(intake);
                Delivery delivery;
                try
                {
                    delivery = await deliveries.ReadAsync(intake);
                }
                catch
                {
                    free.Release();
                    throw;
                }

                var began = Stopwatch.GetTimestamp();
                _ = RunInSlotAsync(delivery, run, free);
                if (Stopwatch.GetElapsedTime(began) is var held && held > BlockedDispatchWarning)
                {
                    LogBlockedDispatch(held.TotalMilliseconds, delivery.Queue, delivery.Tag);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
        }

        for (var slot = 0; slot < slots; slot++)
        {
            await free.WaitAsync();
        }
    }

    private static async Task RunInSlotAsync(Delivery delivery, Func<Delivery, Task> run, SemaphoreSlim free)
    {
        try
        {
            await run(delivery);
        }
        finally
        {
            free.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A task from {Queue} (delivery {Tag}) held the async model's dispatch for {Milliseconds:F0} ms before its first await; no other task started meanwhile. Await I/O in async tasks, or run blocking ones in the threads model")]
    private partial void LogBlockedDispatch(double milliseconds, string queue, ulong tag);
}
