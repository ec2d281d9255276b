using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;

namespace Waitinator.Monitor;

/// <summary>RabbitMQ's management API: the connections it holds by client-provided name, and its queues.</summary>
internal sealed class RabbitMQManagementClient(HttpClient http)
{
    /// <summary>Basic credentials taken from the AMQP connection string the AppHost hands out (amqp://user:password@host:port/).</summary>
    public static AuthenticationHeaderValue CredentialsFrom(string amqpConnectionString)
    {
        var userInfo = new Uri(amqpConnectionString).UserInfo;
        var parts = userInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(parts[0]);
        var password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    /// <summary>
    /// Connections by client name; a connection that gave none (a Celery worker's) is named by <paramref name="owners"/>
    /// after the process holding its socket, or counted as unnamed.
    /// </summary>
    public async Task<List<ClientConnections>> ConnectionsAsync(Func<IReadOnlyCollection<int>, IReadOnlyDictionary<int, string>> owners, CancellationToken cancellationToken)
    {
        var connections = await http.GetFromJsonAsync<List<Connection>>("api/connections?columns=name,channels,client_properties,peer_port", cancellationToken) ?? [];
        var named = owners([.. connections.Where(c => c.ClientProperties?.ConnectionName is null && c.PeerPort is not null).Select(c => c.PeerPort!.Value)]);
        return connections
            .GroupBy(c => c.ClientProperties?.ConnectionName
                ?? (c.PeerPort is { } port && named.TryGetValue(port, out var owner) ? owner : ConnectionOwners.Unnamed))
            .Select(g => new ClientConnections(g.Key, g.Count(), g.Sum(c => c.Channels)))
            .OrderBy(c => c.Client, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<List<QueueDepth>> QueuesAsync(CancellationToken cancellationToken)
    {
        var queues = await http.GetFromJsonAsync<List<Queue>>("api/queues?columns=name,messages_ready,messages_unacknowledged,consumers", cancellationToken) ?? [];
        return queues.Select(q => new QueueDepth(q.Name, q.MessagesReady, q.MessagesUnacknowledged, q.Consumers)).ToList();
    }

    private sealed record Connection(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("channels")] int Channels,
        [property: JsonPropertyName("client_properties")] ClientProperties? ClientProperties,
        [property: JsonPropertyName("peer_port")] int? PeerPort);

    private sealed record ClientProperties([property: JsonPropertyName("connection_name")] string? ConnectionName);

    private sealed record Queue(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("messages_ready")] long MessagesReady,
        [property: JsonPropertyName("messages_unacknowledged")] long MessagesUnacknowledged,
        [property: JsonPropertyName("consumers")] int Consumers);
}
