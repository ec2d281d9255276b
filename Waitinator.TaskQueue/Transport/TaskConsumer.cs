using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;
using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// Consumes the worker's queues on one channel of the process's one broker connection and hands every delivery to the
/// execution pool through its prefetch buffer; one given an eta still to come waits outside the pool until it is due
/// (<see cref="EtaHold"/>). Stops warm: running tasks finish, prefetched unstarted ones go back to the queue. Deliveries
/// held from before a reconnection or a closed channel are dropped, never run, as the broker delivers them again
/// (<see cref="ConsumerChannelSupervisor"/>).
/// <para>
/// Flow control: while every slot has been busy for Worker:HandBackWhenBusy, the consumer stops taking messages and hands
/// back the ones it holds, for a worker with a free slot; it consumes again as soon as one of its slots frees. Prefetch
/// then hides the broker's round trip while slots free often, and no message waits behind long tasks (docs/performance.md).
/// </para>
/// </summary>
internal sealed partial class TaskConsumer(
    ConsumerChannelSupervisor channels,
    IExecutionPool pool,
    TaskProcessor processor,
    WorkerOptions options,
    ConsumedQueues queues,
    WorkerIdentity identity,
    TaskQueueMetrics metrics,
    ILogger<TaskConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan RequeuePause = TimeSpan.FromSeconds(1);

    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _intake = new();
    private readonly List<string> _consumerTags = [];
    // Pausing and resuming the intake, one at a time: each cancels or registers the consumers.
    private readonly SemaphoreSlim _intakeGate = new(1, 1);
    private DeliveryChannel? _channel;
    private EtaHold? _etas;
    private Task _slots = Task.CompletedTask;
    private int _busy;
    private long _busySince;
    private bool _paused;
    private Task _releasingEtas = Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.ObservePrefetched(() => _deliveries.Reader.Count);
        var channel = await channels.OpenAsync(stoppingToken);
        await WarmUpAsync(stoppingToken);
        _channel = new DeliveryChannel(channel, exception => LogAcksFailed(exception));
        _etas = new EtaHold(_channel, options.PrefetchCount, delivery => _deliveries.Writer.TryWrite(delivery), logger);
        metrics.ObserveHeldForEta(() => _etas.Count);
        channels.Supervise(_channel, ConsumeAsync, _intake.Token);
        _releasingEtas = _etas.RunAsync(_intake.Token);
        _slots = pool.Start(_deliveries.Reader, RunAsync, _intake.Token);
        await pool.WhenReadyAsync(stoppingToken);
        await ConsumeAsync(channel, stoppingToken);
        LogStarted(identity.Name, options.ExecutionModel, options.SlotsInThisProcess, options.PrefetchCount, options.Acks, string.Join(", ", queues.Names));
        if (options.HandBackWhenBusy <= TimeSpan.Zero && options.PrefetchMultiplier != 1)
        {
            // A multiplier above 1 (Celery's default is 4) holds several tasks per busy slot.
            LogMayHoldBehindLongTasks(options.Acks, options.PrefetchMultiplier);
        }
        await Task.WhenAll(ReturnLongHeldAsync(stoppingToken), HandBackWhileBusyAsync(stoppingToken));
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
                var delivery = _channel!.Receive(message.DeliveryTag, message.Redelivered, message.RoutingKey, message.BasicProperties, message.Body.ToArray());
                if (!_etas!.TryHold(delivery))
                {
                    _deliveries.Writer.TryWrite(delivery);
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogReceiveFailed(exception, message.DeliveryTag, message.RoutingKey);
            }

            return Task.CompletedTask;
        };
        _consumerTags.Clear();
        foreach (var queue in queues.Names)
        {
            _consumerTags.Add(await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken));
        }
    }

    /// <summary>
    /// Runs one delivery a slot took; never throws, as a slot must outlive any one message. A delivery taken just as the
    /// intake stopped goes back to the queue with the other unstarted ones; one from before a reconnection is dropped.
    /// </summary>
    private async Task RunAsync(Delivery delivery)
    {
        if (Interlocked.Increment(ref _busy) >= options.SlotsInThisProcess)
        {
            Volatile.Write(ref _busySince, Stopwatch.GetTimestamp());
        }

        try
        {
            await RunDeliveryAsync(delivery);
        }
        finally
        {
            if (Interlocked.Decrement(ref _busy) < options.SlotsInThisProcess && Volatile.Read(ref _paused))
            {
                _ = ResumeIntakeAsync();
            }
        }
    }

    private async Task RunDeliveryAsync(Delivery delivery)
    {
        var channel = _channel!;
        try
        {
            if (!channel.IsCurrent(delivery))
            {
                return;
            }

            if (_intake.IsCancellationRequested)
            {
                await channel.RequeueAsync(delivery);
                return;
            }

            try
            {
                await processor.ProcessAsync(delivery, channel);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The broker could not take a message given back or dead-lettered: give it back to the queue unless it
                // was already acknowledged, after a pause, so that a message failing the same way again never makes the
                // worker spin.
                LogDeliveryFailed(exception, delivery.Tag, delivery.Settled);
                await Task.Delay(RequeuePause);
                await channel.RequeueAsync(delivery);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Only giving a delivery back can fail here: the broker keeps it until it is acknowledged.
            LogDeliveryFailed(exception, delivery.Tag, delivery.Settled);
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

                // An eta task held as long comes back at once and is held again, with a fresh consumer-timeout clock.
                foreach (var waiting in _etas!.TakeHeldOver(limit))
                {
                    await _channel!.RequeueAsync(waiting);
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
    /// Every tenth of the limit: once every slot has been busy for Worker:HandBackWhenBusy, stops taking messages and hands
    /// back what waits in the prefetch buffer. Stopping first matters: a handed-back message frees prefetch window, which
    /// RabbitMQ would otherwise fill again at once, from the same queue, for this same busy worker.
    /// </summary>
    private async Task HandBackWhileBusyAsync(CancellationToken stoppingToken)
    {
        var limit = options.HandBackWhenBusy;
        if (limit <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, limit.TotalMilliseconds / 10)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_deliveries.Reader.Count == 0 || !AllSlotsBusyFor(limit))
                {
                    continue;
                }

                await _intakeGate.WaitAsync(stoppingToken);
                try
                {
                    if (!AllSlotsBusyFor(limit) || _intake.IsCancellationRequested)
                    {
                        continue;
                    }

                    if (!_paused)
                    {
                        await CancelConsumersAsync();
                        Volatile.Write(ref _paused, true);
                    }

                    var returned = 0;
                    while (_deliveries.Reader.TryRead(out var held))
                    {
                        await _channel!.RequeueAsync(held);
                        returned++;
                    }

                    LogHandedBack(returned, limit.TotalSeconds);
                }
                finally
                {
                    _intakeGate.Release();
                }

                if (Volatile.Read(ref _busy) < options.SlotsInThisProcess)
                {
                    // A slot freed while the intake stopped.
                    await ResumeIntakeAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool AllSlotsBusyFor(TimeSpan limit) =>
        Volatile.Read(ref _busy) >= options.SlotsInThisProcess && Stopwatch.GetElapsedTime(Volatile.Read(ref _busySince)) >= limit;

    /// <summary>Consumes again once a slot is free after the intake stopped; never throws (a failure leaves it to the next slot to free).</summary>
    private async Task ResumeIntakeAsync()
    {
        await _intakeGate.WaitAsync();
        try
        {
            if (!_paused || _intake.IsCancellationRequested || _channel is not { } delivery)
            {
                return;
            }

            await ConsumeAsync(delivery.Channel, CancellationToken.None);
            Volatile.Write(ref _paused, false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogResumeFailed(exception.Message);
        }
        finally
        {
            _intakeGate.Release();
        }
    }

    private async Task CancelConsumersAsync()
    {
        foreach (var tag in _consumerTags)
        {
            await _channel!.Channel.BasicCancelAsync(tag, cancellationToken: CancellationToken.None);
        }

        _consumerTags.Clear();
    }

    /// <summary>
    /// Warms up before consuming: a consumer RabbitMQ counts is one ready to run a task at full speed, which is what
    /// a producer waits for. A failing warm-up (a task's service down, say) only delays the failure to the first task.
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

    /// <summary>Stops consuming, lets the running tasks finish within the host's shutdown timeout, and gives back the unstarted ones.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_channel is { } delivery)
        {
            await _intakeGate.WaitAsync(CancellationToken.None);
            try
            {
                await CancelConsumersAsync();
                await _intake.CancelAsync();
            }
            finally
            {
                _intakeGate.Release();
            }

            var running = _slots;
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                LogGraceOver();
            }

            await _releasingEtas;
            var returned = 0;
            foreach (var unstarted in _etas!.TakeAll())
            {
                await delivery.RequeueAsync(unstarted);
                returned++;
            }

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
        _intakeGate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Name} consuming: model {Model}, {Slots} slots, prefetch {Prefetch}, acks {Acks}, queues {Queues}")]
    private partial void LogStarted(string name, ExecutionModel model, int slots, ushort prefetch, AckMode acks, string queues);

    [LoggerMessage(Level = LogLevel.Information, Message = "Returned {Count} prefetched messages held over {Seconds:F0} s (Worker:PrefetchHoldLimit) to the queue")]
    private partial void LogReturnedLongHeld(int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker:HandBackWhenBusy is 0 with acks {Acks} and prefetch multiplier {Multiplier}: prefetched tasks will wait behind running ones while every slot is busy, even when another worker is idle. Keep HandBackWhenBusy above 0, or use Acks=Late with PrefetchMultiplier=1, where short tasks run among long ones")]
    private partial void LogMayHoldBehindLongTasks(AckMode acks, int multiplier);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Every slot busy for {Seconds:F1} s (Worker:HandBackWhenBusy): {Count} prefetched messages handed back to the queue; consuming again when a slot frees")]
    private partial void LogHandedBack(int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming again after handing back prefetched messages failed: {Reason}; retried when the next slot frees")]
    private partial void LogResumeFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of acknowledgements failed; its deliveries stay unacknowledged and come back when the channel closes")]
    private partial void LogAcksFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up failed, consuming anyway: {Reason}")]
    private partial void LogWarmUpFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown grace period over with tasks still running; late-acknowledged ones will be redelivered")]
    private partial void LogGraceOver();

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopped warm; {Returned} prefetched tasks returned to the queue")]
    private partial void LogStopped(int returned);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Tag} from {Queue} could not be handed to a slot; it stays unacknowledged until the channel closes")]
    private partial void LogReceiveFailed(Exception exception, ulong tag, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Tag} could not be processed (already acknowledged: {Acknowledged})")]
    private partial void LogDeliveryFailed(Exception exception, ulong tag, bool acknowledged);
}
