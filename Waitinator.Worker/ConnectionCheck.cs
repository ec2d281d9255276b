using RabbitMQ.Client;
using StackExchange.Redis;

namespace Waitinator.Worker;

/// <summary>Opens the broker connection and the Redis multiplexer at start, so a bad connection string fails the start.</summary>
internal sealed class ConnectionCheck(IConnection broker, IConnectionMultiplexer backend, ILogger<ConnectionCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var latency = await backend.GetDatabase().PingAsync();
        logger.LogInformation("Connected to broker {Broker} and backend (ping {Latency} ms)", broker.Endpoint, latency.TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
