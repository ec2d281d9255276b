using Waitinator.Contracts.Telemetry;
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

    /// <summary>
    /// The process the sample describes: the process that exported it, or, for the monitor's samples of a lab process read
    /// from /proc, that process (attributes process.pid and waitinator.resource).
    /// </summary>
    public (string Service, int Pid) Subject =>
        Attribute(LabMetrics.ProcessId) is { } pid && int.TryParse(pid, System.Globalization.CultureInfo.InvariantCulture, out var subject)
            && Attribute(LabMetrics.Resource) is { } resource
            ? (resource, subject)
            : (Service!, Pid);

    /// <summary>Whether another process (the monitor) sampled this one from outside, rather than the process reporting on itself.</summary>
    public bool IsSampledFromOutside => Subject.Pid != Pid;

    /// <summary>Names the time series the sample belongs to within its process: its attributes, in order, less those naming the process.</summary>
    public string AttributeKey() =>
        Attributes is null or { Count: 0 }
            ? ""
            : string.Join(";", Attributes.Where(a => !MetricNames.ProcessAttributes.Contains(a.Key))
                .OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value.GetRawText()}"));
}
