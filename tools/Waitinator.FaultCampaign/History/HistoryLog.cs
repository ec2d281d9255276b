using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waitinator.FaultCampaign.History;

/// <summary>
/// An append-only history file of JSON lines, each handed to the OS as it is written: a process killed mid-operation
/// leaves its invocation behind. Every process of the campaign (the campaign, each producer) writes a file of its own.
/// </summary>
public sealed class HistoryLog : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _gate = new();
    private readonly string _process;

    public HistoryLog(string path, string process)
    {
        _process = process;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    }

    public HistoryEvent Write(string type, string op, JsonObject value)
    {
        var line = new HistoryEvent(DateTimeOffset.UtcNow, _process, type, op, value);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line);
        lock (_gate)
        {
            _file.Write(bytes);
            _file.WriteByte((byte)'\n');
            _file.Flush();
        }

        return line;
    }

    /// <summary>Every event of every history file in <paramref name="folder"/>, in time order (a line cut short by a kill is left out).</summary>
    public static List<HistoryEvent> ReadAll(string folder)
    {
        var events = new List<HistoryEvent>();
        foreach (var file in Directory.GetFiles(folder, "*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                try
                {
                    if (line.Length > 0 && JsonSerializer.Deserialize<HistoryEvent>(line) is { } parsed)
                    {
                        events.Add(parsed);
                    }
                }
                catch (JsonException)
                {
                }
            }
        }

        return events.OrderBy(e => e.At).ToList();
    }

    public void Dispose() => _file.Dispose();
}
