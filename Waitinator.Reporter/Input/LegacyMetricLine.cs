using System.Text.Json;

namespace Waitinator.Reporter.Input;

/// <summary>
/// A line of a metrics file as earlier versions of the lab wrote it, kept readable because users keep their results:
/// one sample a line, {"timestamp", "pid", "service", "metric", "value", "attributes"}.
/// </summary>
public static class LegacyMetricLine
{
    /// <summary>The sample, or null when the line is not JSON or lacks a timestamp, a service or a metric name.</summary>
    public static MetricSample? Parse(string line)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<StoredSample>(line, InputJson.Options);
            if (stored is not { Metric: { } metric, Service: { } service } || stored.Timestamp == default)
            {
                return null;
            }

            return new MetricSample
            {
                Timestamp = stored.Timestamp,
                Pid = stored.Pid,
                Service = service,
                Metric = metric,
                Value = stored.Value,
                Attributes = (stored.Attributes ?? []).ToDictionary(
                    a => a.Key,
                    a => a.Value.ValueKind == JsonValueKind.String ? a.Value.GetString()! : a.Value.GetRawText(),
                    StringComparer.Ordinal),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record StoredSample
    {
        public DateTimeOffset Timestamp { get; init; }

        public int Pid { get; init; }

        public string? Service { get; init; }

        public string? Metric { get; init; }

        public double? Value { get; init; }

        public Dictionary<string, JsonElement>? Attributes { get; init; }
    }
}
