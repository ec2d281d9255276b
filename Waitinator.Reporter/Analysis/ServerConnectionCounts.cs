using Waitinator.Contracts.Telemetry;
using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Analysis;

/// <summary>
/// The monitor's server-side connection counts, per server (rabbitmq, redis) and client (SERVICE-PID): what the servers
/// saw, which a process's own count cannot miss. A client absent from one of the monitor's samples had no connection then.
/// </summary>
public sealed class ServerConnectionCounts
{
    public const string RabbitMQ = "rabbitmq";
    public const string Redis = "redis";

    private readonly Dictionary<(string Server, string Client), SampleSeries> _series;

    private ServerConnectionCounts(Dictionary<(string Server, string Client), SampleSeries> series) => _series = series;

    public static ServerConnectionCounts From(IEnumerable<MetricSample> samples, RepetitionClock clock)
    {
        var series = new Dictionary<(string Server, string Client), SampleSeries>();
        var byServer = samples
            .Where(s => s.Metric == LabMetrics.ServerConnections && s.Value is not null && s.Attribute(LabMetrics.ServerType) is not null)
            .GroupBy(s => s.Attribute(LabMetrics.ServerType)!);
        foreach (var server in byServer)
        {
            // Each distinct timestamp is one look at the server; every client gets a value (0 when absent) at each.
            var looks = server.Select(s => s.Timestamp).Distinct().ToList();
            foreach (var client in server.Where(s => s.Attribute(LabMetrics.Client) is not null).GroupBy(s => s.Attribute(LabMetrics.Client)!))
            {
                var counts = client.GroupBy(s => s.Timestamp).ToDictionary(g => g.Key, g => g.Sum(s => s.Value!.Value));
                var points = looks.Select(time => (clock.SecondsOf(time), counts.GetValueOrDefault(time)));
                if (SampleSeries.From(points) is { } clientSeries)
                {
                    series[(server.Key, client.Key)] = clientSeries;
                }
            }
        }

        return new ServerConnectionCounts(series);
    }

    /// <summary>The count the server saw for this client, or null when the monitor never named the client.</summary>
    public SampleSeries? For(string server, string client) => _series.GetValueOrDefault((server, client));
}
