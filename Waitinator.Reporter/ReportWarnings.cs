namespace Waitinator.Reporter;

/// <summary>
/// What could not be read or does not add up, each naming its file relative to the results folder.
/// Thread-safe: charts are drawn in parallel.
/// </summary>
public sealed class ReportWarnings(string resultsFolder)
{
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public void Add(string path, string problem) => Add($"{Relative(path)}: {problem}");

    public void Add(string message)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }
    }

    public string Relative(string path)
    {
        var relative = Path.GetRelativePath(resultsFolder, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
