using System.Text.Json;

namespace Waitinator.Tests;

/// <summary>The reporter run once on an intact copy of the test data, with the default output folder.</summary>
public sealed class ReporterReportFixture : IDisposable
{
    private readonly ReporterTestFolder _folder = new();

    public ReporterReportFixture()
    {
        Invocation = ReporterInvocation.Run(_folder.Results);
        Summary = JsonDocument.Parse(File.ReadAllText(_folder.ReportPathOf("clean", "summary.json")));
    }

    internal ReporterTestFolder Folder => _folder;

    internal ReporterInvocation Invocation { get; }

    public JsonDocument Summary { get; }

    public JsonElement SummaryOf(string configuration) =>
        Summary.RootElement.GetProperty("configurations").EnumerateArray().Single(c => c.GetProperty("name").GetString() == configuration);

    public void Dispose()
    {
        Summary.Dispose();
        _folder.Dispose();
    }
}
