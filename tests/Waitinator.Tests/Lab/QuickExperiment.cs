namespace Waitinator.Tests.Lab;

/// <summary>The README's main job (`--experiment quick`), with stray database and report paths in its configuration.</summary>
public sealed class QuickExperiment : HeadlessExperiment
{
    public QuickExperiment()
        : this(Path.Combine(Directory.CreateTempSubdirectory("waitinator-stray-").FullName, "stray"))
    {
    }

    // Paths a user's configuration may hold: the experiment keeps its evidence in its own folders regardless.
    private QuickExperiment(string stray)
        : base("quick", "waitinator-quick-", $"--Api:DatabasePath={stray}/api.db", $"--TaskRecords:DatabasePath={stray}/worker.db", $"--Producer:ReportPath={stray}/report.json") =>
        Stray = stray;

    /// <summary>Where the configured paths point; nothing may be written there.</summary>
    public string Stray { get; }
}
