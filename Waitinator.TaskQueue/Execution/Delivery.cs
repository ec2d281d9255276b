using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Execution;

/// <summary>
/// A message taken from the broker and not yet acknowledged; the body is a copy, RabbitMQ.Client reuses its buffer.
/// <paramref name="Generation"/> is the <see cref="DeliveryChannel"/>'s generation it arrived in; <paramref name="ReceivedAt"/>
/// a <see cref="System.Diagnostics.Stopwatch"/> timestamp.
/// </summary>
public sealed record Delivery(ulong Tag, bool Redelivered, string Queue, IReadOnlyBasicProperties Properties, byte[] Body, int Generation = 0, long ReceivedAt = 0)
{
    /// <summary>Acknowledged, rejected or requeued: a delivery tag may be settled once, or RabbitMQ closes the channel.</summary>
    public bool Settled { get; set; }
}
