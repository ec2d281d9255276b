using StackExchange.Redis;

namespace Waitinator.Monitor;

/// <summary>
/// Redis's CLIENT LIST, grouped by client name (each lab .NET process names its multiplexer service-pid); a client that
/// gave no name (a Celery worker's) is named by the owners function after the process holding its socket.
/// </summary>
internal sealed class RedisClientList(IConnectionMultiplexer redis)
{
    public async Task<List<ClientConnections>> ConnectionsAsync(Func<IReadOnlyCollection<int>, IReadOnlyDictionary<int, string>> owners)
    {
        var clients = new List<ClientInfo>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            clients.AddRange(await redis.GetServer(endpoint).ClientListAsync());
        }

        var named = owners([.. clients.Where(c => string.IsNullOrEmpty(c.Name)).Select(Port).OfType<int>()]);
        return clients
            .GroupBy(c => !string.IsNullOrEmpty(c.Name) ? c.Name
                : Port(c) is { } port && named.TryGetValue(port, out var owner) ? owner : ConnectionOwners.Unnamed)
            .Select(g => new ClientConnections(g.Key, g.Count(), 0))
            .OrderBy(c => c.Client, StringComparer.Ordinal)
            .ToList();
    }

    private static int? Port(ClientInfo client) => client.Address is System.Net.IPEndPoint endpoint ? endpoint.Port : null;
}
