using System.Text.RegularExpressions;
using Waitinator.Processes;

namespace Waitinator.Tests.Lab;

/// <summary>
/// Runs `Waitinator.AppHost --experiment NAME --Lab:ExitWhenDone=true` once, as ./run.sh does, into a folder of its own.
/// While it runs, it notes every socket the lab's processes listen on, and keeps what RabbitMQ and Redis write to their
/// console, which the orchestrator (DCP) captures in files of its temporary folder and deletes when the lab stops.
/// </summary>
public abstract partial class HeadlessExperiment(string experiment, string folderPrefix, params string[] extraArguments) : IAsyncLifetime
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(2);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory(folderPrefix);
    private readonly HashSet<ListeningSocket> _listening = [];
    private readonly Dictionary<string, string> _serverOutput = [];

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    /// <summary>The runs folder: each start's server configuration, data and logs.</summary>
    public string Runs => Path.Combine(_root.FullName, "runs");

    protected string Root => _root.FullName;

    /// <summary>results/EXPERIMENT/TIMESTAMP.</summary>
    public string Results { get; private set; } = "";

    /// <summary>Every socket a process of the lab (the AppHost and all below it, and epmd) listened on while it ran.</summary>
    internal IReadOnlyCollection<ListeningSocket> ListeningSockets => _listening;

    /// <summary>What the broker and backend resources wrote to their console, by DCP's capture file.</summary>
    public IReadOnlyDictionary<string, string> ServerConsoleOutput => _serverOutput;

    public async Task InitializeAsync()
    {
        // DCP keeps each executable's console output in a folder of the temporary folder: this one, to be read while it runs.
        var temporary = Directory.CreateDirectory(Path.Combine(_root.FullName, "tmp")).FullName;
        await using var appHost = await LabPrograms.StartAppHostAsync(
            [
                "--experiment", experiment, "--Lab:ExitWhenDone=true", "--Lab:Infrastructure=Executable",
                $"--Lab:RunsDirectory={_root.FullName}/runs", $"--Lab:ResultsDirectory={_root.FullName}/results", .. extraArguments,
            ],
            new Dictionary<string, string> { ["TMPDIR"] = temporary });
        using var stop = new CancellationTokenSource();
        var sampling = SampleAsync(appHost.Id, temporary, stop.Token);
        try
        {
            ExitCode = await appHost.WaitForExitAsync(TimeSpan.FromMinutes(10));
        }
        finally
        {
            await stop.CancelAsync();
            await sampling;
        }

        Output = appHost.Output;
        var name = Path.GetFileNameWithoutExtension(experiment);
        var experiments = Path.Combine(_root.FullName, "results", name);
        Results = Directory.Exists(experiments) ? Directory.GetDirectories(experiments).Single() : experiments;
    }

    private async Task SampleAsync(int appHost, string temporary, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            _listening.UnionWith(ListeningSocket.Of(pid => IsEpmd(pid) || DescendsFrom(pid, appHost)));
            foreach (var capture in Directory.EnumerateFiles(temporary, "*", SearchOption.AllDirectories).Where(file => ServerCapture().IsMatch(Path.GetFileName(file))))
            {
                try
                {
                    _serverOutput[capture] = await File.ReadAllTextAsync(capture, CancellationToken.None);
                }
                catch (IOException)
                {
                    // Deleted as the lab stops: what was read before stays.
                }
            }

            try
            {
                await Task.Delay(SampleEvery, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static bool IsEpmd(int pid) => ProcStat.Read(pid)?.Name == "epmd";

    private static bool DescendsFrom(int pid, int ancestor)
    {
        for (var current = pid; current > 1 && ProcStat.Read(current) is { } stat; current = stat.Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }

    // DCP's capture files: <resource>-<suffix>_out_<guid> and _err_.
    [GeneratedRegex("^(broker|backend)-[A-Za-z0-9]+_(out|err)_")]
    private static partial Regex ServerCapture();
}
