namespace Waitinator.Tests.Lab;

/// <summary>
/// Runs `Waitinator.AppHost --experiment NAME --Lab:ExitWhenDone=true` once, as ./run.sh does, into a folder of its own.
/// </summary>
public abstract class HeadlessExperiment(string experiment, string folderPrefix, params string[] extraArguments) : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory(folderPrefix);

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    /// <summary>The runs folder: each start's server configuration, data and logs.</summary>
    public string Runs => Path.Combine(_root.FullName, "runs");

    protected string Root => _root.FullName;

    /// <summary>results/EXPERIMENT/TIMESTAMP.</summary>
    public string Results { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using var appHost = await LabPrograms.StartExperimentAsync(experiment, _root.FullName, extraArguments);
        ExitCode = await appHost.WaitForExitAsync(TimeSpan.FromMinutes(10));
        Output = appHost.Output;
        var name = Path.GetFileNameWithoutExtension(experiment);
        var experiments = Path.Combine(_root.FullName, "results", name);
        Results = Directory.Exists(experiments) ? Directory.GetDirectories(experiments).Single() : experiments;
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
