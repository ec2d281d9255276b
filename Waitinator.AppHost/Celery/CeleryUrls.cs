using System.Globalization;

namespace Waitinator.AppHost.Celery;

/// <summary>The broker and backend connection strings the .NET services get, as the URLs kombu and redis-py take.</summary>
public static class CeleryUrls
{
    /// <summary>amqp://user:password@host:port/ (vhost "/" by default) to kombu's amqp://user:password@host:port//.</summary>
    public static string Broker(string connectionString)
    {
        var uri = new Uri(connectionString);
        var virtualHost = uri.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(uri.AbsolutePath[1..]);
        var port = uri.IsDefaultPort || uri.Port < 0 ? 5672 : uri.Port;
        var path = virtualHost == "/" ? "/" : Uri.EscapeDataString(virtualHost);
        return $"{uri.Scheme}://{uri.UserInfo}@{uri.Host}:{port.ToString(CultureInfo.InvariantCulture)}/{path}";
    }

    /// <summary>StackExchange.Redis's host:port,password=... to redis://:password@host:port/0.</summary>
    public static string Backend(string connectionString)
    {
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var endpoint = parts[0].Contains(':', StringComparison.Ordinal) ? parts[0] : parts[0] + ":6379";
        var password = parts.Skip(1).Select(part => part.Split('=', 2)).FirstOrDefault(pair => pair.Length == 2 && pair[0].Equals("password", StringComparison.OrdinalIgnoreCase))?[1];
        var scheme = parts.Any(part => part.Equals("ssl=true", StringComparison.OrdinalIgnoreCase)) ? "rediss" : "redis";
        return password is null ? $"{scheme}://{endpoint}/0" : $"{scheme}://:{Uri.EscapeDataString(password)}@{endpoint}/0";
    }
}
