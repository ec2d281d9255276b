using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Execution;

/// <summary>
/// A message taken from the broker and not yet acknowledged; the body is a copy, RabbitMQ.Client reuses its buffer.
/// <paramref name="Generation"/> is the <see cref="DeliveryChannel"/>'s generation it arrived in; <paramref name="ReceivedAt"/>
/// a <see cref="System.Diagnostics.Stopwatch"/> timestamp.
/// </summary>
public sealed record Delivery(ulong Tag, bool Redelivered, string Queue, IReadOnlyBasicProperties Properties, byte[] Body, int Generation, long ReceivedAt)
{
    private const int Held = 0;
    private const int AckRequested = 1;
    private const int Done = 2;

    private int _state;

    /// <summary>Acknowledged (or queued to be), rejected or requeued: a delivery tag may be settled once, or RabbitMQ closes the channel.</summary>
    public bool Settled => Volatile.Read(ref _state) != Held;

    internal bool TryRequestAck() => Interlocked.CompareExchange(ref _state, AckRequested, Held) == Held;

    internal bool TrySettle() => Interlocked.CompareExchange(ref _state, Done, Held) == Held;

    internal bool TryCompleteAck() => Interlocked.CompareExchange(ref _state, Done, AckRequested) == AckRequested;
}
