namespace Waitinator.Tests;

/// <summary>
/// A private copy of TestData/results-small (a real `quick` experiment, trimmed: solo-1 and async-16, two repetitions
/// each) in a temporary folder, deleted afterwards: a test may break its copy at will.
/// </summary>
internal sealed class ReporterTestFolder : IDisposable
{
    public ReporterTestFolder()
    {
        Root = Directory.CreateTempSubdirectory("waitinator-reporter-").FullName;
        Results = Path.Combine(Root, "results-small");
        Copy(Recorded, Results);
    }

    public static string Recorded => Path.Combine(AppContext.BaseDirectory, "TestData", "results-small");

    public static IReadOnlyList<string> Configurations => ["solo-1", "async-16"];

    public static IReadOnlyList<string> Repetitions => ["1", "2"];

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
