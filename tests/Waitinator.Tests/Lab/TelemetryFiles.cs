using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waitinator.Tests.Lab;

/// <summary>The JSON-lines metric samples and spans the lab's processes wrote into a run's telemetry folder.</summary>
internal sealed class TelemetryFiles
{
    private TelemetryFiles(List<MetricSample> metrics, List<SpanRecord> spans) => (Metrics, Spans) = (metrics, spans);

    public IReadOnlyList<MetricSample> Metrics { get; }

    public IReadOnlyList<SpanRecord> Spans { get; }

    public static TelemetryFiles Read(string folder) => new(
        ReadAll<MetricSample>(folder, "*.metrics.jsonl"),
        ReadAll<SpanRecord>(folder, "*.spans.jsonl"));

    /// <summary>Samples of one metric from one process, in time order.</summary>
    public IEnumerable<MetricSample> Of(int pid, string metric) =>
        Metrics.Where(m => m.Pid == pid && m.Metric == metric).OrderBy(m => m.Timestamp);

    private static List<T> ReadAll<T>(string folder, string pattern)
    {
        var items = new List<T>();
        foreach (var file in Directory.GetFiles(folder, pattern))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0)
                {
                    items.Add(JsonSerializer.Deserialize<T>(line) ?? throw new InvalidDataException($"{file}: a null line."));
                }
            }
        }

        return items;
    }
}

internal sealed record MetricSample(
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("attributes")] Dictionary<string, JsonElement> Attributes)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value.ToString() : null;
}

internal sealed record SpanRecord(
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("trace_id")] string TraceId,
    [property: JsonPropertyName("span_id")] string SpanId,
    [property: JsonPropertyName("parent_span_id")] string? ParentSpanId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("attributes")] Dictionary<string, JsonElement> Attributes);
