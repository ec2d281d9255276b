using System.Globalization;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using Waitinator.Otlp;

namespace Waitinator.Tests.Lab;

/// <summary>
/// The metric samples and spans the lab's processes wrote into a run's telemetry folder. Every line is read strictly
/// as OTLP/JSON with the classes generated from opentelemetry-proto (hex ids, no field OTLP does not define): a line
/// that is anything else fails the test that reads it, naming its file.
/// </summary>
internal sealed class TelemetryFiles
{
    private TelemetryFiles(List<MetricSample> metrics, List<SpanRecord> spans) => (Metrics, Spans) = (metrics, spans);

    public IReadOnlyList<MetricSample> Metrics { get; }

    public IReadOnlyList<SpanRecord> Spans { get; }

    public static TelemetryFiles Read(string folder) => new(
        [.. Lines(folder, Contracts.Telemetry.TelemetryFiles.MetricsPattern).SelectMany(l => Samples(OtlpJson.Parse<ExportMetricsServiceRequest>(l, strict: true)))],
        [.. Lines(folder, Contracts.Telemetry.TelemetryFiles.SpansPattern).SelectMany(l => SpansOf(OtlpJson.Parse<ExportTraceServiceRequest>(l, strict: true)))]);

    /// <summary>Samples of one metric from one process, in time order.</summary>
    public IEnumerable<MetricSample> Of(int pid, string metric) =>
        Metrics.Where(m => m.Pid == pid && m.Metric == metric).OrderBy(m => m.Timestamp);

    /// <summary>The metric samples of one file.</summary>
    public static IReadOnlyList<MetricSample> MetricsOf(string file) =>
        [.. Lines(Path.GetDirectoryName(file)!, Path.GetFileName(file)).SelectMany(l => Samples(OtlpJson.Parse<ExportMetricsServiceRequest>(l, strict: true)))];

    /// <summary>Every line of the files, each checked to be one OTLP/JSON request.</summary>
    public static IEnumerable<string> Lines(string folder, string pattern)
    {
        foreach (var file in Directory.GetFiles(folder, pattern))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                Assert.True(line.Length > 0, $"{file}: line {number} is empty.");
                yield return line;
            }
        }
    }

    private static IEnumerable<MetricSample> Samples(ExportMetricsServiceRequest request) =>
        from resource in request.ResourceMetrics
        let process = Process(resource.Resource.Attributes)
        from metric in resource.ScopeMetrics.SelectMany(s => s.Metrics)
        from point in Points(metric)
        select new MetricSample(process.Service, process.Pid, metric.Name, point.Time, point.Value, point.Attributes);

    private static IEnumerable<(DateTimeOffset Time, double Value, Dictionary<string, string> Attributes)> Points(Metric metric) =>
        metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(Number),
            Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(Number),
            Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p =>
                (Time(p.TimeUnixNano), p.Count == 0 ? 0 : p.Sum / p.Count, Text(p.Attributes))),
            _ => [],
        };

    private static (DateTimeOffset, double, Dictionary<string, string>) Number(NumberDataPoint point) =>
        (Time(point.TimeUnixNano), point.HasAsDouble ? point.AsDouble : point.AsInt, Text(point.Attributes));

    private static IEnumerable<SpanRecord> SpansOf(ExportTraceServiceRequest request) =>
        from resource in request.ResourceSpans
        let process = Process(resource.Resource.Attributes)
        from scope in resource.ScopeSpans
        from span in scope.Spans
        select new SpanRecord(
            process.Service,
            process.Pid,
            Convert.ToHexStringLower(span.TraceId.Span),
            Convert.ToHexStringLower(span.SpanId.Span),
            span.ParentSpanId.IsEmpty ? null : Convert.ToHexStringLower(span.ParentSpanId.Span),
            span.Name,
            span.Kind.ToString().ToLowerInvariant(),
            scope.Scope.Name,
            Text(span.Attributes));

    private static (string Service, int Pid) Process(IEnumerable<KeyValue> resource)
    {
        var attributes = Text(resource);
        return (attributes["service.name"], int.Parse(attributes["process.pid"], CultureInfo.InvariantCulture));
    }

    private static DateTimeOffset Time(ulong unixNanoseconds) => Contracts.Telemetry.TelemetryFiles.FromUnixNanoseconds(unixNanoseconds);

    private static Dictionary<string, string> Text(IEnumerable<KeyValue> attributes) =>
        attributes.ToDictionary(a => a.Key, a => a.Value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => a.Value.StringValue,
            AnyValue.ValueOneofCase.IntValue => a.Value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => a.Value.DoubleValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BoolValue => a.Value.BoolValue ? "true" : "false",
            _ => a.Value.ToString(),
        });
}

internal sealed record MetricSample(string Service, int Pid, string Metric, DateTimeOffset Timestamp, double Value, Dictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);
}

/// <summary>A span; Kind is OTLP's span kind in lower case (server, client, internal, producer, consumer).</summary>
internal sealed record SpanRecord(
    string Service, int Pid, string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Source, Dictionary<string, string> Attributes);
