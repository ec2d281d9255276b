using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>Writes every finished span as a JSON line: trace, span and parent ids, name, kind, times, status and tags.</summary>
internal sealed class JsonLinesSpanExporter(string directory, string service) : BaseExporter<Activity>
{
    private readonly TelemetryFile _file = new(directory, service, "spans");

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var (service, instance) = _file.Identify(ParentProvider.GetResource());
        var spans = new List<Activity>();
        foreach (var activity in batch)
        {
            spans.Add(activity);
        }

        return _file.Append(spans, (writer, span) =>
        {
            writer.WriteStartObject();
            TelemetryFile.WriteOrigin(writer, span.StartTimeUtc, service, instance);
            writer.WriteString("trace_id", span.TraceId.ToHexString());
            writer.WriteString("span_id", span.SpanId.ToHexString());
            writer.WriteString("parent_span_id", span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString());
            writer.WriteString("name", span.DisplayName);
            writer.WriteString("kind", span.Kind.ToString().ToLowerInvariant());
            writer.WriteString("source", span.Source.Name);
            writer.WriteNumber("duration_ms", span.Duration.TotalMilliseconds);
            writer.WriteString("status", span.Status.ToString().ToLowerInvariant());
            TelemetryFile.WriteAttributes(writer, span.TagObjects);
            writer.WriteEndObject();
        });
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
