namespace Waitinator.Tests.Lab;

/// <summary>
/// Runs `Waitinator.AppHost --experiment quick --Lab:ExitWhenDone=true` once, as ./run.sh does, into a folder of its own,
/// with stray database and report paths in its configuration.
/// </summary>
public sealed class QuickExperiment : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("waitinator-quick-");

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    /// <summary>The runs folder: each start's server configuration, data and logs.</summary>
    public string Runs => Path.Combine(_root.FullName, "runs");

    /// <summary>Where the configured paths point; nothing may be written there.</summary>
    public string Stray => Path.Combine(_root.FullName, "stray");

    /// <summary>results/quick/TIMESTAMP.</summary>
    public string Results { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using var appHost = await ChildProcess.StartAppHostAsync(
        [
            "--experiment", "quick", "--Lab:ExitWhenDone=true", "--Lab:Infrastructure=Executable",
            $"--Lab:RunsDirectory={_root.FullName}/runs", $"--Lab:ResultsDirectory={_root.FullName}/results",
            // Paths a user's configuration may hold: the experiment keeps its evidence in its own folders regardless.
            $"--Api:DatabasePath={Stray}/api.db", $"--Worker:DatabasePath={Stray}/worker.db", $"--Producer:ReportPath={Stray}/report.json",
        ]);
        ExitCode = await appHost.WaitForExitAsync(TimeSpan.FromMinutes(10));
        Output = appHost.Output;
        var experiments = Path.Combine(_root.FullName, "results", "quick");
        Results = Directory.Exists(experiments) ? Directory.GetDirectories(experiments).Single() : experiments;
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
