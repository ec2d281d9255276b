using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One append-only JSON-lines file of this process, named after its service and process id so that replicas and
/// process-model children never share one. Each exported batch is flushed, so a killed process loses at most one batch.
/// The name comes from configuration, not from the provider's resource, which the first export may not see yet.
/// </summary>
internal sealed class TelemetryFile(string directory, string service, string suffix) : IDisposable
{
    private readonly Lock _gate = new();
    private FileStream? _stream;
    private bool _disposed;

    /// <summary>service.name and service.instance.id from the provider's resource (the ones the dashboard shows).</summary>
    public (string Service, string Instance) Identify(Resource resource)
    {
        string? name = null, instance = null;
        foreach (var (key, value) in resource.Attributes)
        {
            switch (key)
            {
                case "service.name": name = value.ToString(); break;
                case "service.instance.id": instance = value.ToString(); break;
            }
        }

        return (name ?? service, instance ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes one JSON object per item, a line each, and flushes.</summary>
    public ExportResult Append<T>(IReadOnlyCollection<T> items, Action<Utf8JsonWriter, T> writeObject)
    {
        if (items.Count == 0)
        {
            return ExportResult.Success;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            foreach (var item in items)
            {
                writeObject(writer, item);
                writer.Flush();
                buffer.Write("\n"u8);
                writer.Reset(buffer);
            }
        }

        try
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return ExportResult.Failure;
                }

                _stream ??= Open();
                _stream.Write(buffer.WrittenSpan);
                _stream.Flush();
            }

            return ExportResult.Success;
        }
        catch (IOException)
        {
            return ExportResult.Failure;
        }
    }

    /// <summary>The fields every line starts with: when, which process, which service and instance.</summary>
    public static void WriteOrigin(Utf8JsonWriter writer, DateTimeOffset timestamp, string service, string instance)
    {
        writer.WriteString("timestamp", timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteNumber("pid", Environment.ProcessId);
        writer.WriteString("service", service);
        writer.WriteString("instance", instance);
    }

    /// <summary>JSON has no NaN or infinity: such a value is written as null rather than failing the whole batch.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void WriteAttributes(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> attributes)
    {
        writer.WriteStartObject("attributes");
        foreach (var (key, value) in attributes)
        {
            switch (value)
            {
                case null: writer.WriteNull(key); break;
                case bool flag: writer.WriteBoolean(key, flag); break;
                case int or long or short or byte: writer.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
                case double or float: WriteNumber(writer, key, Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
                default: writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }

        writer.WriteEndObject();
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(directory);
        var safe = new StringBuilder(service.Length);
        foreach (var c in service)
        {
            safe.Append(char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        var path = Path.Combine(directory, $"{safe}-{Environment.ProcessId}.{suffix}.jsonl");
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stream?.Dispose();
            _stream = null;
        }
    }
}
