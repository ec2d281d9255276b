using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Waitinator.Otlp;

/// <summary>
/// One kind of telemetry as OTLP carries it: the path an OTLP/HTTP exporter posts it to, the request message, and the
/// JSON-lines file a lab process writes it to (SERVICE-PID.spans.jsonl, .metrics.jsonl, .logs.jsonl: one export
/// request per line, as the Collector's otlpjsonfile receiver reads them).
/// </summary>
public sealed class OtlpSignal
{
    public static readonly OtlpSignal Traces = new("traces", "spans", ExportTraceServiceRequest.Parser,
        json => OtlpJson.Parse<ExportTraceServiceRequest>(json), () => new ExportTraceServiceRequest(), new ExportTraceServiceResponse());

    public static readonly OtlpSignal Metrics = new("metrics", "metrics", ExportMetricsServiceRequest.Parser,
        json => OtlpJson.Parse<ExportMetricsServiceRequest>(json), () => new ExportMetricsServiceRequest(), new ExportMetricsServiceResponse());

    public static readonly OtlpSignal Logs = new("logs", "logs", ExportLogsServiceRequest.Parser,
        json => OtlpJson.Parse<ExportLogsServiceRequest>(json), () => new ExportLogsServiceRequest(), new ExportLogsServiceResponse());

    public static readonly IReadOnlyList<OtlpSignal> All = [Traces, Metrics, Logs];

    private readonly MessageParser _parser;
    private readonly Func<string, IMessage> _parseJson;
    private readonly Func<IMessage> _empty;

    private OtlpSignal(string name, string fileKind, MessageParser parser, Func<string, IMessage> parseJson, Func<IMessage> empty, IMessage response)
    {
        Name = name;
        FileSuffix = $".{fileKind}.jsonl";
        HttpPath = $"v1/{name}";
        _parser = parser;
        _parseJson = parseJson;
        _empty = empty;
        EmptyResponse = response.ToByteArray();
    }

    /// <summary>traces, metrics or logs.</summary>
    public string Name { get; }

    /// <summary>.spans.jsonl, .metrics.jsonl or .logs.jsonl.</summary>
    public string FileSuffix { get; }

    /// <summary>v1/traces, v1/metrics or v1/logs: the OTLP/HTTP path, relative to the endpoint.</summary>
    public string HttpPath { get; }

    /// <summary>A full-success Export*ServiceResponse in protobuf.</summary>
    public byte[] EmptyResponse { get; }

    /// <summary>The signal an OTLP/HTTP request path ends with, or null.</summary>
    public static OtlpSignal? OfPath(string path) =>
        All.FirstOrDefault(signal => path.TrimEnd('/').EndsWith("/" + signal.HttpPath, StringComparison.Ordinal));

    /// <summary>The signal a file holds by its name, or null.</summary>
    public static OtlpSignal? OfFile(string path) =>
        All.FirstOrDefault(signal => path.EndsWith(signal.FileSuffix, StringComparison.Ordinal));

    /// <summary>An export request in protobuf (what an OTLP/HTTP exporter posts) as one line of OTLP/JSON.</summary>
    public string ProtobufToJson(ReadOnlySpan<byte> request) => OtlpJson.Format(_parser.ParseFrom(request));

    /// <summary>One line of a file of this signal; throws <see cref="FormatException"/> when it is not one.</summary>
    public IMessage ParseJson(string line) => _parseJson(line);

    /// <summary>
    /// Every request of a JSON-lines file merged into one: repeated fields concatenate, so the resources and their data
    /// simply follow each other. A line that does not parse (cut short by a killed process) is left out: the reporter
    /// names such lines of the metrics files in its warnings.
    /// </summary>
    public IMessage Merge(IEnumerable<string> lines)
    {
        var merged = _empty();
        foreach (var line in lines.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            try
            {
                merged.MergeFrom(ParseJson(line).ToByteString());
            }
            catch (FormatException)
            {
                continue;
            }
        }

        return merged;
    }
}
