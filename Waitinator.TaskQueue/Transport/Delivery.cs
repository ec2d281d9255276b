using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// A message taken from the broker and not yet acknowledged; the body is a copy, RabbitMQ.Client reuses its buffer.
/// <paramref name="generation"/> is the <see cref="DeliveryChannel"/>'s generation it arrived in; <paramref name="receivedAt"/>
/// a <see cref="System.Diagnostics.Stopwatch"/> timestamp.
/// </summary>
public sealed class Delivery(ulong tag, bool redelivered, string queue, IReadOnlyBasicProperties properties, byte[] body, int generation, long receivedAt)
{
    private const int Held = 0;
    private const int AckRequested = 1;
    private const int Done = 2;

    private int _state;
    private IReadOnlyBasicProperties? _properties = properties;

    public ulong Tag { get; } = tag;

    public bool Redelivered { get; } = redelivered;

    public string Queue { get; } = queue;

    public byte[] Body { get; } = body;

    public int Generation { get; } = generation;

    public long ReceivedAt { get; } = receivedAt;

    /// <summary>The AMQP properties as received, until <see cref="ReleaseProperties"/>.</summary>
    public IReadOnlyBasicProperties Properties =>
        _properties ?? throw new InvalidOperationException($"Delivery {Tag} from {Queue} was decoded and its properties released; use the decoded headers.");

    /// <summary>
    /// Drops the received properties once the message is decoded: their header table (a dictionary, a string key and a
    /// byte array per header) would otherwise be held for the task's whole run, by every task in flight (docs/performance.md).
    /// </summary>
    public void ReleaseProperties() => _properties = null;

    /// <summary>Acknowledged (or queued to be), rejected or requeued: a delivery tag may be settled once, or RabbitMQ closes the channel.</summary>
    public bool Settled => Volatile.Read(ref _state) != Held;

    internal bool TryRequestAck() => Interlocked.CompareExchange(ref _state, AckRequested, Held) == Held;

    internal bool TrySettle() => Interlocked.CompareExchange(ref _state, Done, Held) == Held;

    internal bool TryCompleteAck() => Interlocked.CompareExchange(ref _state, Done, AckRequested) == AckRequested;
}
