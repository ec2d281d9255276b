using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Protocol;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// Celery's eta tasks (a countdown, a retry's back-off): a delivery due later is held here, unacknowledged, outside the
/// execution pool until it is due, so that it takes no slot while it waits (in the Solo model, the whole worker). As
/// Celery's consumer does (qos.increment_eventually), the channel's prefetch is raised by one for each delivery held, so
/// that the slots keep receiving work; RabbitMQ changes a channel's prefetch for its consumers only with global QoS,
/// which the consumer's channel uses for that reason, as Celery does on RabbitMQ.
/// </summary>
internal sealed partial class EtaHold(DeliveryChannel channel, ushort prefetch, Action<Delivery> release, ILogger logger)
{
    private static readonly TimeSpan Rounding = TimeSpan.FromMilliseconds(20);

    // How often the prefetch is checked even when nothing is held or due: a reconnection resets it.
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly PriorityQueue<Delivery, DateTimeOffset> _held = new();
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private (int Generation, ushort Prefetch) _applied = (-1, prefetch);

    /// <summary>Deliveries held now, of every generation (the stale ones are dropped when next looked at).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Holds a delivery whose eta header names a time still to come; false (not held) for any other.</summary>
    public bool TryHold(Delivery delivery)
    {
        if (DueOf(delivery) is not { } due || due - DateTimeOffset.UtcNow <= Rounding)
        {
            return false;
        }

        lock (_gate)
        {
            _held.Enqueue(delivery, due);
        }

        _changed.Release();
        return true;
    }

    /// <summary>Releases each held delivery when it is due, and keeps the channel's prefetch at the configured count plus those held, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = ReleaseDue();
                await ApplyPrefetchAsync();
                await _changed.WaitAsync(wait, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Takes out every delivery held longer than <paramref name="limit"/>, to be handed back before RabbitMQ's consumer timeout.</summary>
    public List<Delivery> TakeHeldOver(TimeSpan limit) => Take(held => Stopwatch.GetElapsedTime(held.ReceivedAt) > limit);

    /// <summary>Takes out every delivery held (the worker stops).</summary>
    public List<Delivery> TakeAll() => Take(_ => true);

    private List<Delivery> Take(Func<Delivery, bool> which)
    {
        var taken = new List<Delivery>();
        lock (_gate)
        {
            var kept = new List<(Delivery, DateTimeOffset)>();
            while (_held.TryDequeue(out var delivery, out var due))
            {
                if (!channel.IsCurrent(delivery))
                {
                    continue;
                }

                if (which(delivery))
                {
                    taken.Add(delivery);
                }
                else
                {
                    kept.Add((delivery, due));
                }
            }

            _held.EnqueueRange(kept);
        }

        _changed.Release();
        return taken;
    }

    /// <summary>Hands on what is due; returns how long until the next one is.</summary>
    private TimeSpan ReleaseDue()
    {
        while (true)
        {
            Delivery due;
            lock (_gate)
            {
                if (!_held.TryPeek(out due!, out var at))
                {
                    return Recheck;
                }

                var left = at - DateTimeOffset.UtcNow;
                if (left > Rounding && channel.IsCurrent(due))
                {
                    return left < Recheck ? left : Recheck;
                }

                _held.Dequeue();
            }

            if (channel.IsCurrent(due))
            {
                release(due);
            }
        }
    }

    private async Task ApplyPrefetchAsync()
    {
        if (prefetch == 0)
        {
            return; // No limit to raise.
        }

        int generation;
        int held;
        lock (_gate)
        {
            generation = channel.Generation;
            held = _held.UnorderedItems.Count(item => item.Element.Generation == generation);
        }

        var wanted = (ushort)Math.Min(ushort.MaxValue, prefetch + held);
        if (_applied == (generation, wanted))
        {
            return;
        }

        try
        {
            await channel.SetPrefetchAsync(wanted);
            _applied = (generation, wanted);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The channel is going away; the next change, or its replacement, sets it again.
            LogPrefetchFailed(wanted, exception.Message);
        }
    }

    private static DateTimeOffset? DueOf(Delivery delivery)
    {
        var eta = delivery.Properties.Headers?.TryGetValue("eta", out var value) == true ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string text => text,
            _ => null,
        } : null;
        return eta is not null && CeleryTime.TryParse(eta, out var due) ? due : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not set the consumer channel's prefetch to {Prefetch} for the eta tasks it holds: {Reason}")]
    private partial void LogPrefetchFailed(ushort prefetch, string reason);
}
