using OpenTelemetry.Exporter;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Where a process sends its telemetry besides the dashboard (configuration section "Telemetry"): OTLP/JSON files in a
/// folder (the reporter's input, readable by the dashboard's import and an OpenTelemetry Collector) and any OTLP endpoint.
/// </summary>
public sealed record TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// The folder for this process's files, SERVICE-PID.metrics.jsonl, .spans.jsonl and .logs.jsonl: one OTLP/JSON export
    /// request a line. Unset writes none.
    /// </summary>
    public string? ExportDirectory { get; init; }

    /// <summary>How often metrics are written to the files and sent to <see cref="OtlpEndpoint"/>.</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An OTLP endpoint (a Collector, Jaeger, Prometheus, a vendor) that gets the same traces, metrics and logs as the
    /// dashboard: for HttpProtobuf the base address (http://host:4318), /v1/traces and the others are added; for Grpc the
    /// address itself (http://host:4317). Unset sends none.
    /// </summary>
    public Uri? OtlpEndpoint { get; init; }

    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.HttpProtobuf;

    /// <summary>Headers for that endpoint, "key1=value1,key2=value2" (an API key); the dashboard's key is never sent there.</summary>
    public string? OtlpHeaders { get; init; }
}
