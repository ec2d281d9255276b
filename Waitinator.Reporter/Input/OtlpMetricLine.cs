using System.Globalization;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using Waitinator.Contracts.Telemetry;
using Waitinator.Otlp;

namespace Waitinator.Reporter.Input;

/// <summary>
/// A line of a metrics file as the lab writes it now: one OTLP/JSON ExportMetricsServiceRequest. Each resource names its
/// process (service.name, process.pid); the gauges' and sums' data points the reporter uses become samples, the rest is skipped.
/// </summary>
public static class OtlpMetricLine
{
    public static bool IsOne(string line) => line.Contains("\"resourceMetrics\"", StringComparison.Ordinal);

    /// <summary>The samples of the used metrics; throws <see cref="FormatException"/> when the line is not OTLP/JSON.</summary>
    /// <param name="fallback">The process the file's name gives, for a resource that does not say.</param>
    public static IEnumerable<MetricSample> Samples(string line, (string Service, int Pid) fallback)
    {
        var request = OtlpJson.Parse<ExportMetricsServiceRequest>(line);
        var samples = new List<MetricSample>();
        foreach (var resource in request.ResourceMetrics)
        {
            var attributes = Text(resource.Resource?.Attributes ?? []);
            var service = attributes.GetValueOrDefault("service.name") ?? fallback.Service;
            var pid = int.TryParse(attributes.GetValueOrDefault(LabMetrics.ProcessId), CultureInfo.InvariantCulture, out var id) ? id : fallback.Pid;
            foreach (var metric in resource.ScopeMetrics.SelectMany(scope => scope.Metrics).Where(m => MetricNames.Used.Contains(m.Name)))
            {
                var points = metric.DataCase switch
                {
                    Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints,
                    Metric.DataOneofCase.Sum => metric.Sum.DataPoints,
                    _ => null,
                };
                foreach (var point in points ?? [])
                {
                    samples.Add(new MetricSample
                    {
                        Timestamp = TelemetryFiles.FromUnixNanoseconds(point.TimeUnixNano),
                        Pid = pid,
                        Service = service,
                        Metric = metric.Name,
                        Value = point.ValueCase switch
                        {
                            NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
                            NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
                            _ => null,
                        },
                        Attributes = Text(point.Attributes),
                    });
                }
            }
        }

        return samples;
    }

    private static Dictionary<string, string> Text(IEnumerable<KeyValue> attributes)
    {
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            text[attribute.Key] = attribute.Value?.ValueCase switch
            {
                AnyValue.ValueOneofCase.StringValue => attribute.Value.StringValue,
                AnyValue.ValueOneofCase.IntValue => attribute.Value.IntValue.ToString(CultureInfo.InvariantCulture),
                AnyValue.ValueOneofCase.DoubleValue => attribute.Value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
                AnyValue.ValueOneofCase.BoolValue => attribute.Value.BoolValue ? "true" : "false",
                null or AnyValue.ValueOneofCase.None => "",
                _ => attribute.Value.ToString(),
            };
        }

        return text;
    }
}
