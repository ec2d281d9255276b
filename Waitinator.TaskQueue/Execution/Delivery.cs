using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Execution;

/// <summary>A message taken from the broker and not yet acknowledged; the body is a copy, RabbitMQ.Client reuses its buffer.</summary>
public sealed record Delivery(ulong Tag, bool Redelivered, string Queue, IReadOnlyBasicProperties Properties, byte[] Body)
{
    /// <summary>Acknowledged, rejected or requeued: a delivery tag may be settled once, or RabbitMQ closes the channel.</summary>
    public bool Settled { get; set; }
}
