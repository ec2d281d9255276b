namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Where a process writes its own metric samples and spans as JSON lines, beside the OTLP export to the dashboard
/// (configuration section "Telemetry"). The reporter reads these files; unset writes none.
/// </summary>
public sealed record TelemetryFileOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The folder for this process's files: &lt;service&gt;-&lt;pid&gt;.metrics.jsonl and &lt;service&gt;-&lt;pid&gt;.spans.jsonl.</summary>
    public string? ExportDirectory { get; init; }

    /// <summary>How often metric samples are written.</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(1);
}
