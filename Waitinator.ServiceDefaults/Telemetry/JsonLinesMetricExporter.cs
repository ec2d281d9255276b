using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes every metric point as a JSON line: timestamp, pid, service, instance, metric, unit, kind, value and
/// attributes; histograms add count, sum, min and max (value is their mean). Sums are cumulative, as OTLP sends them.
/// </summary>
internal sealed class JsonLinesMetricExporter(string directory, string service) : BaseExporter<Metric>
{
    private readonly TelemetryFile _file = new(directory, service, "metrics");

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var (service, instance) = _file.Identify(ParentProvider.GetResource());
        var points = new List<(Metric Metric, MetricPoint Point)>();
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add((metric, point));
            }
        }

        return _file.Append(points, (writer, item) => WritePoint(writer, item.Metric, item.Point, service, instance));
    }

    private static void WritePoint(Utf8JsonWriter writer, Metric metric, MetricPoint point, string service, string instance)
    {
        writer.WriteStartObject();
        TelemetryFile.WriteOrigin(writer, point.EndTime, service, instance);
        writer.WriteString("metric", metric.Name);
        writer.WriteString("unit", metric.Unit);
        switch (metric.MetricType)
        {
            case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                writer.WriteString("kind", "sum");
                writer.WriteNumber("value", point.GetSumLong());
                break;
            case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                writer.WriteString("kind", "sum");
                TelemetryFile.WriteNumber(writer, "value", point.GetSumDouble());
                break;
            case MetricType.LongGauge:
                writer.WriteString("kind", "gauge");
                writer.WriteNumber("value", point.GetGaugeLastValueLong());
                break;
            case MetricType.DoubleGauge:
                writer.WriteString("kind", "gauge");
                TelemetryFile.WriteNumber(writer, "value", point.GetGaugeLastValueDouble());
                break;
            case MetricType.Histogram or MetricType.ExponentialHistogram:
                var count = point.GetHistogramCount();
                var sum = point.GetHistogramSum();
                writer.WriteString("kind", "histogram");
                TelemetryFile.WriteNumber(writer, "value", count == 0 ? 0 : sum / count);
                writer.WriteNumber("count", count);
                TelemetryFile.WriteNumber(writer, "sum", sum);
                if (point.TryGetHistogramMinMaxValues(out var min, out var max))
                {
                    TelemetryFile.WriteNumber(writer, "min", min);
                    TelemetryFile.WriteNumber(writer, "max", max);
                }

                break;
        }

        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        TelemetryFile.WriteAttributes(writer, tags);
        writer.WriteEndObject();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
