using System.Globalization;
using System.Text;
using System.Text.Json;
using Waitinator.Otlp;

namespace Waitinator.Contracts.Telemetry;

/// <summary>
/// The files each lab process writes into its run's telemetry/ folder: SERVICE-PID.metrics.jsonl, .spans.jsonl and
/// .logs.jsonl, one OTLP/JSON export request a line (<see cref="OtlpSignal"/>). Results recorded by older versions of the
/// lab hold the lab's own JSON lines instead, one sample or span a line with a "timestamp".
/// </summary>
public static class TelemetryFiles
{
    public static readonly string MetricsPattern = "*" + OtlpSignal.Metrics.FileSuffix;

    public static readonly string SpansPattern = "*" + OtlpSignal.Traces.FileSuffix;

    /// <summary>
    /// When a line's samples were taken: the first data point's timeUnixNano (one collection exports every point at
    /// one time), or an older line's "timestamp"; null when the line holds neither or is cut short.
    /// </summary>
    public static DateTimeOffset? SampleTime(string line)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.ValueTextEquals("timeUnixNano"u8))
                {
                    reader.Read();
                    return UnixNanoseconds(ref reader);
                }

                if (reader.CurrentDepth == 1 && reader.ValueTextEquals("timestamp"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var time) ? time : null;
                }
            }
        }
        catch (JsonException)
        {
            // A line cut short by a kill: whatever reads the file skips it too.
        }

        return null;
    }

    /// <summary>OTLP's fixed64 nanoseconds since the Unix epoch, written as a string (protobuf's JSON mapping) or a number.</summary>
    public static DateTimeOffset? UnixNanoseconds(ref Utf8JsonReader reader)
    {
        ulong nanoseconds;
        if (reader.TokenType == JsonTokenType.String)
        {
            if (!ulong.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out nanoseconds))
            {
                return null;
            }
        }
        else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out nanoseconds))
        {
            return null;
        }

        return nanoseconds == 0 ? null : FromUnixNanoseconds(nanoseconds);
    }

    public static DateTimeOffset FromUnixNanoseconds(ulong nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / (ulong)TimeSpan.NanosecondsPerTick));
}
