using StackExchange.Redis;

namespace Waitinator.Monitor;

/// <summary>Redis's CLIENT LIST, grouped by client name (each lab process names its multiplexer service-pid).</summary>
internal sealed class RedisClientList(IConnectionMultiplexer redis)
{
    public async Task<List<ClientConnections>> ConnectionsAsync()
    {
        var clients = new List<ClientInfo>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            clients.AddRange(await redis.GetServer(endpoint).ClientListAsync());
        }

        return clients
            .GroupBy(c => string.IsNullOrEmpty(c.Name) ? "(unnamed)" : c.Name)
            .Select(g => new ClientConnections(g.Key, g.Count(), 0))
            .OrderBy(c => c.Client, StringComparer.Ordinal)
            .ToList();
    }
}
