using System.Globalization;
using Waitinator.Contracts.Telemetry;

namespace Waitinator.Reporter.Input;

/// <summary>
/// One value of one metric at one time, as a process exported it: a data point of a gauge or a sum in a
/// SERVICE-PID.metrics.jsonl file (or one line of such a file in the format older results hold). Pid and Service name
/// the exporting process; attribute values are text.
/// </summary>
public sealed record MetricSample
{
    public DateTimeOffset Timestamp { get; init; }

    public int Pid { get; init; }

    public required string Service { get; init; }

    public required string Metric { get; init; }

    public double? Value { get; init; }

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public string? Attribute(string name) => Attributes.GetValueOrDefault(name);

    /// <summary>
    /// The process the sample describes: the process that exported it, or, for the monitor's samples of a lab process read
    /// from /proc, that process (attributes process.pid and waitinator.resource).
    /// </summary>
    public (string Service, int Pid) Subject =>
        Attribute(LabMetrics.ProcessId) is { } pid && int.TryParse(pid, CultureInfo.InvariantCulture, out var subject)
            && Attribute(LabMetrics.Resource) is { } resource
            ? (resource, subject)
            : (Service, Pid);

    /// <summary>Whether another process (the monitor) sampled this one from outside, rather than the process reporting on itself.</summary>
    public bool IsSampledFromOutside => Subject.Pid != Pid;

    /// <summary>Names the time series the sample belongs to within its process: its attributes, in order, less those naming the process.</summary>
    public string AttributeKey() =>
        string.Join(";", Attributes.Where(a => !MetricNames.ProcessAttributes.Contains(a.Key))
            .OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
}
