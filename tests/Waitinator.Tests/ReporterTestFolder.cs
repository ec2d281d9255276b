namespace Waitinator.Tests;

/// <summary>
/// A private copy of TestData/results-small (a real experiment of the lab, trimmed: solo-1 and async-16, three
/// repetitions each, telemetry in OTLP/JSON) in a temporary folder, deleted afterwards: a test may break its copy at will.
/// TestData/results-jsonl is an older `quick` experiment (two repetitions each) in the lab's earlier JSON-lines telemetry.
/// </summary>
internal sealed class ReporterTestFolder : IDisposable
{
    public const string Small = "results-small";

    public const string JsonLines = "results-jsonl";

    public ReporterTestFolder(string recorded = Small)
    {
        Root = Directory.CreateTempSubdirectory("waitinator-reporter-").FullName;
        Results = Path.Combine(Root, recorded);
        Copy(Path.Combine(AppContext.BaseDirectory, "TestData", recorded), Results);
    }

    public static IReadOnlyList<string> Configurations => ["solo-1", "async-16"];

    public static IReadOnlyList<string> Repetitions => ["1", "2", "3"];

    public string Root { get; }

    public string Results { get; }

    public string Report => Path.Combine(Results, "report");

    public string PathOf(params string[] parts) => Path.Combine([Results, .. parts]);

    public string ReportPathOf(params string[] parts) => Path.Combine([Report, .. parts]);

    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
