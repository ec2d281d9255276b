namespace Waitinator.Contracts.Results;

/// <summary>Where each of the reporter's outputs goes inside the report folder (by default RESULTS/report/); the AppHost reads summary.json and links report.html.</summary>
public sealed record ReportPaths(string Root)
{
    public string Clean => Path.Combine(Root, "clean");

    public string Summary => Path.Combine(Clean, "summary.json");

    /// <summary>Every repetition's figures, a row each, beside summary.json.</summary>
    public string Csv => Path.Combine(Clean, "repetitions.csv");

    public string Charts => Path.Combine(Root, "charts");

    /// <summary>A zip per repetition of its telemetry for the Aspire dashboard's import (dashboard/CONFIGURATION-REPETITION.zip).</summary>
    public string Dashboard => Path.Combine(Root, "dashboard");

    public string DashboardArchive(string configuration, string repetition) => Path.Combine(Dashboard, $"{configuration}-{repetition}.zip");

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
