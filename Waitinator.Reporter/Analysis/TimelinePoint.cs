using System.Text.Json.Serialization;

namespace Waitinator.Reporter.Analysis;

/// <summary>
/// One process at one whole second of the repetition's clock. CPU utilisation is a fraction of one core (2.0 = two
/// cores busy); memory is the working set in MB (2^20 bytes); connections are counts. Null: not measured then.
/// </summary>
public sealed record TimelinePoint(
    int Seconds,
    DateTimeOffset Timestamp,
    double? CpuUtilization,
    double? ReportedCpuUtilization,
    double? MemoryMb,
    double? BrokerConnections,
    double? RedisConnections,
    double? ServerBrokerConnections,
    double? ServerRedisConnections,
    double? TasksInFlight)
{
    [JsonIgnore]
    public bool HasAnyValue =>
        CpuUtilization is not null || ReportedCpuUtilization is not null || MemoryMb is not null || BrokerConnections is not null
        || RedisConnections is not null || ServerBrokerConnections is not null || ServerRedisConnections is not null || TasksInFlight is not null;
}
