namespace Waitinator.Monitor;

/// <summary>One sample of what the servers report: connections (and channels) per client name, and each queue's depth.</summary>
public sealed record ServerSnapshot(
    IReadOnlyList<ClientConnections> Broker,
    IReadOnlyList<ClientConnections> Backend,
    IReadOnlyList<QueueDepth> Queues)
{
    public static readonly ServerSnapshot Empty = new([], [], []);
}

/// <summary>A client's connections as the server counts them; the client is named by its connection name (service-pid).</summary>
public sealed record ClientConnections(string Client, int Connections, int Channels);

public sealed record QueueDepth(string Queue, long Ready, long Unacknowledged, int Consumers);
