namespace Waitinator.Reporter.Output;

/// <summary>Where each output goes inside the report folder (by default RESULTS/report/).</summary>
public sealed record ReportPaths(string Root)
{
    public string Clean => Path.Combine(Root, "clean");

    public string Summary => Path.Combine(Clean, "summary.json");

    public string Charts => Path.Combine(Root, "charts");

    public string Markdown => Path.Combine(Root, "report.md");

    public string Html => Path.Combine(Root, "report.html");

    /// <summary>Marks a folder this reporter wrote, so that a new report may clear the old one's clean/ and charts/.</summary>
    public string Marker => Path.Combine(Root, ".waitinator-report");

    public string CleanProcess(string configuration, string repetition, string process) =>
        Path.Combine(Clean, configuration, repetition, process + ".json");

    /// <summary>Without extension: each chart is saved as .png and .svg.</summary>
    public string ProcessChart(string configuration, string repetition, string process) =>
        Path.Combine(Charts, configuration, repetition, process);

    /// <summary>Without extension, e.g. charts/comparison-total-time.</summary>
    public string ComparisonChart(string name) => Path.Combine(Charts, $"comparison-{name}");

    /// <summary>A path as report.md and report.html link it: relative, with forward slashes.</summary>
    public string Link(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');
}
