using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One append-only JSON-lines file of this process, named after its service and process id so that replicas and
/// process-model children never share one. Each line is appended and flushed on its own, so a killed process loses at
/// most the export in progress. The name comes from configuration, not from the provider's resource.
/// </summary>
internal sealed class TelemetryFile(string directory, string service, string suffix)
{
    private readonly Lock _gate = new();
    private string? _path;

    public void Append(string line)
    {
        lock (_gate)
        {
            _path ??= Create();
            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(Encoding.UTF8.GetBytes(line));
            stream.WriteByte((byte)'\n');
        }
    }

    private string Create()
    {
        Directory.CreateDirectory(directory);
        var safe = new StringBuilder(service.Length);
        foreach (var c in service)
        {
            safe.Append(char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return Path.Combine(directory, $"{safe}-{Environment.ProcessId}{suffix}");
    }
}
