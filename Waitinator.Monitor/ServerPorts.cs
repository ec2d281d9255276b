using System.Globalization;

namespace Waitinator.Monitor;

/// <summary>The ports RabbitMQ and Redis listen on, from the connection strings the AppHost hands out.</summary>
public sealed record ServerPorts(int Broker, int Backend)
{
    /// <param name="broker">amqp://user:password@host:port/</param>
    /// <param name="backend">host:port,password=... (StackExchange.Redis)</param>
    public static ServerPorts From(string broker, string backend)
    {
        var brokerUri = new Uri(broker);
        var endpoint = backend.Split(',')[0];
        var backendPort = endpoint.LastIndexOf(':') is var colon and > 0
            ? int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture)
            : 6379;
        return new ServerPorts(brokerUri.IsDefaultPort || brokerUri.Port < 0 ? 5672 : brokerUri.Port, backendPort);
    }
}
