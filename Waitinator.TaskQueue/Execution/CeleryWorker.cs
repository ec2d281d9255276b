using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Waitinator.TaskQueue.Transport;
using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.TaskQueue.Execution;

/// <summary>
/// Consumes the worker's queues on one channel of the process's one broker connection and runs deliveries in the
/// configured execution model. Stops warm: running tasks finish, prefetched unstarted ones go back to the queue.
/// Survives the broker: after a reconnection (RabbitMQ.Client's automatic recovery) or a channel RabbitMQ closed, the
/// deliveries held from before are dropped, never run, as the broker delivers them again.
/// </summary>
public sealed partial class CeleryWorker(
    IConnection connection,
    TaskProcessor processor,
    WorkerOptions options,
    WorkerIdentity identity,
    TaskQueueMetrics metrics,
    ILogger<CeleryWorker> logger) : BackgroundService
{
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _intake = new();
    private readonly List<string> _consumerTags = [];
    private DeliveryChannel? _channel;
    private Task _slots = Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.ObservePrefetched(() => _deliveries.Reader.Count);
        var channel = await OpenChannelAsync(stoppingToken);
        await WarmUpAsync(stoppingToken);
        _channel = new DeliveryChannel(channel, exception => LogAcksFailed(exception));
        connection.ConnectionShutdownAsync += (_, _) =>
        {
            _channel.Invalidate();
            return Task.CompletedTask;
        };
        _slots = StartSlots(options.SlotsInThisProcess);
        await ConsumeAsync(channel, stoppingToken);
        LogStarted(identity.Name, options.ExecutionModel, options.SlotsInThisProcess, options.PrefetchCount, options.Acks, string.Join(", ", options.EffectiveQueues));
        await ReturnLongHeldAsync(stoppingToken);
    }

    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        metrics.Track(channel);
        await channel.BasicQosAsync(0, options.PrefetchCount, global: false, cancellationToken);
        foreach (var queue in options.EffectiveQueues)
        {
            await QueueTopology.DeclareAsync(channel, queue, cancellationToken);
        }

        channel.ChannelShutdownAsync += (_, reason) =>
        {
            _channel?.Invalidate();
            if (reason.Initiator == ShutdownInitiator.Peer && !_intake.IsCancellationRequested && _channel is not null)
            {
                // Not awaited: the client runs this handler on its connection's loop, which must not wait for a reopen.
                _ = Task.Run(() => ReopenClosedChannelAsync(reason));
            }

            return Task.CompletedTask;
        };
        return channel;
    }

    private async Task ConsumeAsync(IChannel channel, CancellationToken cancellationToken)
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, message) =>
        {
            // Nothing may escape to the client's consumer dispatch: it would stop this consumer. Decoding and running
            // happen in the slots, where a bad message is dead-lettered; this only hands the delivery over.
            try
            {
                metrics.Consumed(message.RoutingKey);
                _deliveries.Writer.TryWrite(_channel!.Receive(message.DeliveryTag, message.Redelivered, message.RoutingKey, message.BasicProperties, message.Body.ToArray()));
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogReceiveFailed(exception, message.DeliveryTag, message.RoutingKey);
            }

            return Task.CompletedTask;
        };
        _consumerTags.Clear();
        foreach (var queue in options.EffectiveQueues)
        {
            _consumerTags.Add(await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken));
        }
    }

    /// <summary>
    /// A channel RabbitMQ closed while the connection stays up (a consumer timeout, say) is not reopened by the client's
    /// automatic recovery, which only follows lost connections: the worker opens a new one itself and goes on consuming.
    /// </summary>
    private async Task ReopenClosedChannelAsync(ShutdownEventArgs reason)
    {
        for (var attempt = 1; !_intake.IsCancellationRequested; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, 0.5 * attempt)));
            if (!connection.IsOpen || _channel!.Channel.IsOpen)
            {
                // A lost connection closes its channels too; automatic recovery reopens those.
                return;
            }

            if (attempt == 1)
            {
                LogChannelClosed(reason.ReplyCode, reason.ReplyText, reason.ReplyText.Contains("timed out", StringComparison.OrdinalIgnoreCase)
                    ? " RabbitMQ's consumer_timeout ran out; raise it above the longest task, or lower Worker:PrefetchHoldLimit below it."
                    : string.Empty);
            }

            try
            {
                var replacement = await OpenChannelAsync(_intake.Token);
                _channel.Replace(replacement);
                await ConsumeAsync(replacement, _intake.Token);
                LogChannelReopened(attempt);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogChannelReopenFailed(attempt, exception.Message);
            }
        }
    }

    /// <summary>
    /// Hands back prefetched messages that waited longer than Worker:PrefetchHoldLimit behind running tasks: RabbitMQ
    /// delivers them again at once, with a fresh consumer-timeout clock, where holding them would get the channel closed.
    /// </summary>
    private async Task ReturnLongHeldAsync(CancellationToken stoppingToken)
    {
        var limit = options.PrefetchHoldLimit;
        if (limit <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(limit / 4);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var returned = 0;
                while (_deliveries.Reader.TryPeek(out var oldest) && Stopwatch.GetElapsedTime(oldest.ReceivedAt) > limit
                       && _deliveries.Reader.TryRead(out var held))
                {
                    await _channel!.RequeueAsync(held);
                    returned++;
                }

                if (returned > 0)
                {
                    LogReturnedLongHeld(returned, limit.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Warms up before consuming: a consumer RabbitMQ counts is one ready to run a task at full speed, which is what
    /// the producer waits for. A failing warm-up (the Api down, say) only delays the failure to the first task.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken stoppingToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await processor.WarmUpAsync(limit.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogWarmUpFailed(exception.Message);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_channel is { } delivery)
        {
            foreach (var tag in _consumerTags)
            {
                await delivery.Channel.BasicCancelAsync(tag, cancellationToken: CancellationToken.None);
            }

            await _intake.CancelAsync();
            var running = _slots;
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                LogGraceOver();
            }

            var returned = 0;
            while (_deliveries.Reader.TryRead(out var unstarted))
            {
                await delivery.RequeueAsync(unstarted);
                returned++;
            }

            LogStopped(returned);
            await delivery.DrainAsync();
            await delivery.Channel.CloseAsync(CancellationToken.None);
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _intake.Dispose();
        base.Dispose();
    }

    private Task StartSlots(int slots) => options.ExecutionModel switch
    {
        ExecutionModel.Async => Task.Run(() => RunAsyncSlotsAsync(slots)),
        _ => Task.WhenAll(Enumerable.Range(0, slots).Select(StartThreadSlot)),
    };

    /// <summary>
    /// The async model's slots are permits: one loop takes a delivery whenever a slot is free and starts its task, which
    /// runs on the loop until its first wait (for the Api, say) and goes on from there on its own. Ends once the intake has
    /// stopped and every slot is free again.
    /// <para>
    /// Why one loop, not a task per slot waiting on the channel: ten thousand waiting slots became ten thousand queued
    /// thread-pool items the moment the deliveries arrived, and HTTP/2's connection writers waited behind all of them
    /// while every queued request held its 32 KB header buffer: 315 MB of garbage at 10,000 tasks, 84% of what the worker
    /// allocated while they started. From one loop it is about half that, and the tasks start sooner.
    /// The price is the model's rule, as with gevent's greenlets: a task must await its I/O, not block before it does,
    /// or it holds up every start behind it (<see cref="LogBlockedDispatch"/> names it).
    /// </para>
    /// </summary>
    private async Task RunAsyncSlotsAsync(int slots)
    {
        using var free = new SemaphoreSlim(slots, slots);
        try
        {
            while (true)
            {
                await free.WaitAsync(_intake.Token);
                Delivery delivery;
                try
                {
                    delivery = await _deliveries.Reader.ReadAsync(_intake.Token);
                }
                catch
                {
                    free.Release();
                    throw;
                }

                var began = Stopwatch.GetTimestamp();
                _ = RunInSlotAsync(delivery, free);
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

    private static readonly TimeSpan BlockedDispatchWarning = TimeSpan.FromMilliseconds(250);

    private async Task RunInSlotAsync(Delivery delivery, SemaphoreSlim free)
    {
        try
        {
            await StartOrReturnAsync(delivery);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Only giving back a delivery can fail here (ProcessAsync handles the rest): the broker has it until acknowledged.
            LogDeliveryFailed(exception, delivery.Tag, delivery.Settled);
        }
        finally
        {
            free.Release();
        }
    }

    /// <summary>
    /// A delivery taken just as the intake stopped goes back to the queue with the other unstarted ones; one from before a
    /// reconnection is dropped: the broker has it back and delivers it again.
    /// </summary>
    private Task StartOrReturnAsync(Delivery delivery) =>
        !_channel!.IsCurrent(delivery) ? Task.CompletedTask
        : _intake.IsCancellationRequested ? _channel.RequeueAsync(delivery)
        : ProcessAsync(delivery);

    /// <summary>A slot that holds an OS thread for the whole of each task, as a thread pool worker does.</summary>
    private Task StartThreadSlot(int index)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    var delivery = _deliveries.Reader.ReadAsync(_intake.Token).AsTask().GetAwaiter().GetResult();
                    StartOrReturnAsync(delivery).GetAwaiter().GetResult();
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

    private async Task ProcessAsync(Delivery delivery)
    {
        try
        {
            await processor.ProcessAsync(delivery, _channel!);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The backend or the broker failed mid-task, or could not take a rejected message: give the message back
            // unless it was already acknowledged, after a pause unless a server outage already made it wait, so that a
            // message failing the same way again never makes the worker spin.
            LogDeliveryFailed(exception, delivery.Tag, delivery.Settled);
            if (!TaskProcessor.IsServerUnavailable(exception))
            {
                await Task.Delay(RequeuePause);
            }

            await _channel!.RequeueAsync(delivery);
        }
    }

    private static readonly TimeSpan RequeuePause = TimeSpan.FromSeconds(1);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Name} consuming: model {Model}, {Slots} slots, prefetch {Prefetch}, acks {Acks}, queues {Queues}")]
    private partial void LogStarted(string name, ExecutionModel model, int slots, ushort prefetch, AckMode acks, string queues);

    [LoggerMessage(Level = LogLevel.Error, Message = "RabbitMQ closed the consumer channel ({Code} {Text}); reopening it. Deliveries it held are redelivered, none runs twice.{Hint}")]
    private partial void LogChannelClosed(ushort code, string text, string hint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer channel reopened (attempt {Attempt})")]
    private partial void LogChannelReopened(int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reopening the consumer channel failed (attempt {Attempt}): {Reason}")]
    private partial void LogChannelReopenFailed(int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Returned {Count} prefetched messages held over {Seconds:F0} s (Worker:PrefetchHoldLimit) to the queue")]
    private partial void LogReturnedLongHeld(int count, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of acknowledgements failed; its deliveries stay unacknowledged and come back when the channel closes")]
    private partial void LogAcksFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up failed, consuming anyway: {Reason}")]
    private partial void LogWarmUpFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown grace period over with tasks still running; late-acknowledged ones will be redelivered")]
    private partial void LogGraceOver();

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopped warm; {Returned} prefetched tasks returned to the queue")]
    private partial void LogStopped(int returned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A task from {Queue} (delivery {Tag}) held the async model's dispatch for {Milliseconds:F0} ms before its first await; no other task started meanwhile. Await I/O in async tasks, or run blocking ones in the threads model")]
    private partial void LogBlockedDispatch(double milliseconds, string queue, ulong tag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Tag} from {Queue} could not be handed to a slot; it stays unacknowledged until the channel closes")]
    private partial void LogReceiveFailed(Exception exception, ulong tag, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Tag} could not be processed (already acknowledged: {Acknowledged})")]
    private partial void LogDeliveryFailed(Exception exception, ulong tag, bool acknowledged);
}
