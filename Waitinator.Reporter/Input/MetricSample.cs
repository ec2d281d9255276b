using System.Text.Json;

namespace Waitinator.Reporter.Input;

/// <summary>One line of a telemetry/SERVICE-PID.metrics.jsonl file. Histograms have no Value and are not used.</summary>
public sealed record MetricSample
{
    public DateTimeOffset Timestamp { get; init; }

    public int Pid { get; init; }

    public string? Service { get; init; }

    public string? Metric { get; init; }

    public double? Value { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? Attributes { get; init; }

    public string? Attribute(string name) =>
        Attributes is not null && Attributes.TryGetValue(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>Names the time series the sample belongs to within its process: its attributes, in order.</summary>
    public string AttributeKey() =>
        Attributes is null or { Count: 0 }
            ? ""
            : string.Join(";", Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value.GetRawText()}"));
}
