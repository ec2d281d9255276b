namespace Waitinator.Tests.Lab;

/// <summary>Runs `Waitinator.AppHost --experiment quick --Lab:ExitWhenDone=true` once, as ./run.sh does, into a folder of its own.</summary>
public sealed class QuickExperiment : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("waitinator-quick-");

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    /// <summary>The runs folder: each start's server configuration, data and logs.</summary>
    public string Runs => Path.Combine(_root.FullName, "runs");

    /// <summary>results/quick/TIMESTAMP.</summary>
    public string Results { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using var appHost = ChildProcess.StartAppHost(
        [
            "--experiment", "quick", "--Lab:ExitWhenDone=true", "--Lab:Infrastructure=Executable",
            $"--Lab:RunsDirectory={_root.FullName}/runs", $"--Lab:ResultsDirectory={_root.FullName}/results",
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
