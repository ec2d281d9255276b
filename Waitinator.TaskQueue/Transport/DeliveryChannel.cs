using System.Diagnostics;
using System.Threading.Channels;
using RabbitMQ.Client;
using Waitinator.TaskQueue.Resilience;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// The consumer's channel, for settlements from every slot at once: writes are serialised because an AMQP channel is
/// one ordered stream of frames.
/// <para>
/// Acknowledgements are batched. One loop sends them; where every delivery up to a tag is settled, one ack with
/// multiple=true covers them all (AMQP's cumulative ack), which spares the client and the broker a frame per task. Acks
/// of deliveries behind one still running go out one by one in the same batch, so a long task never holds the prefetch
/// window shut. The loop never waits on purpose: under load, acks gather while the previous batch is written.
/// </para>
/// <para>
/// When the connection drops or RabbitMQ closes the channel, the broker takes back every unacknowledged delivery and
/// will deliver it again: <see cref="Invalidate"/> starts a new generation, and a delivery of an older one is never
/// acknowledged (its tag means nothing now) nor started.
/// </para>
/// </summary>
public sealed class DeliveryChannel
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<Delivery> _acks = System.Threading.Channels.Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _acking;

    // The current generation's deliveries not yet known to be settled, in tag order (the broker numbers them in delivery
    // order). Entries settled one by one are dropped when the queue is compacted; the cumulative ack needs only the
    // unsettled ones to know where to stop.
    private Queue<Delivery> _held = new();
    private int _compactAt = MinimumCompaction;
    private IChannel _channel;
    private int _generation;

    private const int MinimumCompaction = 4096;

    private readonly Action<Exception>? _ackFailed;

    /// <param name="channel">The consumer's channel.</param>
    /// <param name="ackFailed">Told of an ack batch that failed other than by an outage; the loop goes on.</param>
    public DeliveryChannel(IChannel channel, Action<Exception>? ackFailed = null)
    {
        _channel = channel;
        _ackFailed = ackFailed;
        _acking = Task.Run(AckLoopAsync);
    }

    public IChannel Channel => Volatile.Read(ref _channel);

    public int Generation => Volatile.Read(ref _generation);

    public bool IsCurrent(Delivery delivery) => delivery.Generation == Generation;

    /// <summary>Records a delivery as the consumer receives it (in tag order), stamped with the current generation.</summary>
    public Delivery Receive(ulong tag, bool redelivered, string queue, IReadOnlyBasicProperties properties, byte[] body)
    {
        lock (_held)
        {
            var delivery = new Delivery(tag, redelivered, queue, properties, body, _generation, Stopwatch.GetTimestamp());
            _held.Enqueue(delivery);
            if (_held.Count > _compactAt)
            {
                _held = new Queue<Delivery>(_held.Where(held => !held.Settled));
                _compactAt = Math.Max(MinimumCompaction, 2 * _held.Count);
            }

            return delivery;
        }
    }

    /// <summary>Every delivery held so far goes back to the broker, which redelivers it.</summary>
    public void Invalidate()
    {
        lock (_held)
        {
            _generation++;
            _held.Clear();
        }
    }

    /// <summary>A channel opened in place of one RabbitMQ closed.</summary>
    public void Replace(IChannel replacement) => Volatile.Write(ref _channel, replacement);

    /// <summary>Queues the acknowledgement for the next batch; settled at once as far as the caller is concerned.</summary>
    public Task AckAsync(Delivery delivery) =>
        !delivery.TryRequestAck() || _acks.Writer.TryWrite(delivery)
            ? Task.CompletedTask
            : WithChannelAsync(delivery, async channel =>
            {
                // The batching loop has stopped (the worker is closing): acknowledge directly.
                if (delivery.TryCompleteAck())
                {
                    await channel.BasicAckAsync(delivery.Tag, multiple: false);
                }
            });

    /// <summary>Gives a message back to the queue, for another worker or a later start.</summary>
    public Task RequeueAsync(Delivery delivery) => WithChannelAsync(delivery, async channel =>
    {
        // Settled only inside the gate: the ack loop, which holds it while it works, must not pass this delivery in a
        // cumulative ack before the requeue is sent.
        if (delivery.TrySettle())
        {
            await channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true);
        }
    });

    /// <summary>Sets the channel's prefetch count, for all its consumers together (RabbitMQ's global QoS).</summary>
    public Task SetPrefetchAsync(ushort count) => WithChannelAsync(null, channel => channel.BasicQosAsync(0, count, global: true));

    /// <summary>Sends the acknowledgements still queued and stops batching; later ones are sent one by one.</summary>
    public async Task DrainAsync()
    {
        _acks.Writer.TryComplete();
        await _acking;
    }

    private async Task AckLoopAsync()
    {
        var batch = new List<Delivery>();
        while (await _acks.Reader.WaitToReadAsync())
        {
            while (_acks.Reader.TryRead(out var delivery))
            {
                batch.Add(delivery);
            }

            await _gate.WaitAsync();
            try
            {
                var channel = Channel;
                if (channel.IsOpen)
                {
                    // A reconnection between taking the prefix and sending would make its tag meaningless.
                    if (TakeSettledPrefix() is ({ } upTo, var generation) && generation == Generation)
                    {
                        await channel.BasicAckAsync(upTo, multiple: true);
                    }

                    foreach (var delivery in batch)
                    {
                        if (IsCurrent(delivery) && delivery.TryCompleteAck())
                        {
                            await channel.BasicAckAsync(delivery.Tag, multiple: false);
                        }
                    }
                }
            }
            catch (Exception exception) when (OutageRetry.IsOutage(exception))
            {
                // The channel went away under the call: the broker takes the messages back and delivers them again.
            }
            catch (Exception exception)
            {
                // The loop must outlive one bad batch, or every later ack would wait forever and the prefetch window
                // shut: the batch's deliveries stay unacknowledged and come back when the channel closes.
                _ackFailed?.Invoke(exception);
            }
            finally
            {
                _gate.Release();
                batch.Clear();
            }
        }
    }

    /// <summary>
    /// Takes the settled deliveries at the head of the queue and returns the tag of the last one waiting for its ack, with
    /// the generation it belongs to: one cumulative ack up to that tag settles every waiting delivery before it, and skips
    /// those already settled one by one.
    /// </summary>
    private (ulong? UpTo, int Generation) TakeSettledPrefix()
    {
        ulong? upTo = null;
        lock (_held)
        {
            while (_held.TryPeek(out var head) && (head.Settled || head.Generation != _generation))
            {
                _held.Dequeue();
                if (head.Generation == _generation && head.TryCompleteAck())
                {
                    upTo = head.Tag;
                }
            }

            return (upTo, _generation);
        }
    }

    private async Task WithChannelAsync(Delivery? delivery, Func<IChannel, Task> settle)
    {
        await _gate.WaitAsync();
        try
        {
            var channel = Channel;
            if ((delivery is null || IsCurrent(delivery)) && channel.IsOpen)
            {
                await settle(channel);
            }
        }
        catch (Exception exception) when (OutageRetry.IsOutage(exception))
        {
            // The channel went away under the call: the broker takes the message back and delivers it again.
        }
        finally
        {
            _gate.Release();
        }
    }
}
