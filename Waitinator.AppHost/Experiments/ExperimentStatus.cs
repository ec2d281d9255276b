using System.Collections.Immutable;
using System.Globalization;
using Waitinator.Contracts.Results;

namespace Waitinator.AppHost.Experiments;

/// <summary>
/// How far the experiment is, where the user looks: the dashboard's experiment resource (its state line and the properties
/// beside it) and, in an interactive terminal, the live progress view.
/// </summary>
internal sealed class ExperimentStatus(ResourceNotificationService notifications, ExperimentPlan plan)
{
    private readonly ExperimentTerminal _terminal = new();
    private readonly IReadOnlyList<int> _tasksPerRun = [.. plan.Runs.Select(r => plan.TaskCount(r.Configuration.Configuration))];

    public void Start() => _terminal.Start(_tasksPerRun.Sum());

    public Task RepetitionAsync(string configuration, int repetition, int run, long tasksDone, int tasks, string remaining)
    {
        _terminal.Show(
            $"[{run}/{plan.TotalRuns}] {configuration} {repetition}/{plan.Definition.Repetitions} · {tasksDone}/{tasks} tasks · {remaining} left",
            _tasksPerRun.Take(run - 1).Sum() + tasksDone);
        return PublishAsync(
            $"{configuration} · repetition {repetition}/{plan.Definition.Repetitions} · {tasksDone}/{tasks} tasks",
            KnownResourceStateStyles.Info,
            [
                new("experiment.configuration", configuration) { DisplayName = "Configuration" },
                new("experiment.repetition", $"{repetition} of {plan.Definition.Repetitions}") { DisplayName = "Repetition" },
                new("experiment.run", $"{run} of {plan.TotalRuns}") { DisplayName = "Run" },
                new("experiment.tasks", $"{tasksDone} of {tasks}") { DisplayName = "Tasks done" },
                new("experiment.remaining", remaining) { DisplayName = "Time left" },
            ]);
    }

    /// <summary>The live view ends here: what follows (the reporter, the tables) prints below it.</summary>
    public async Task ReportingAsync()
    {
        await _terminal.StopAsync($"{plan.Definition.Name}: every run done; reporting");
        await PublishAsync("Reporting", KnownResourceStateStyles.Info, []);
    }

    public async Task FinishedAsync(int exitCode, bool stoppedEarly)
    {
        await _terminal.StopAsync($"{plan.Definition.Name}: {(exitCode == 0 ? "done" : "failed")}");
        var report = new ReportPaths(plan.Results.ReportFolder).Html;
        var state = exitCode == 0 ? (stoppedEarly ? "Stopped early" : "Finished") : "Failed";
        await notifications.PublishUpdateAsync(plan.Experiment, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(state, exitCode == 0 ? KnownResourceStateStyles.Success : KnownResourceStateStyles.Error),
            ExitCode = exitCode,
            StopTimeStamp = DateTime.UtcNow,
            Properties = With(snapshot.Properties, [new("experiment.report", report) { DisplayName = "Report" }]),
            Urls = File.Exists(report) ? [new UrlSnapshot("report", new Uri(report).AbsoluteUri, IsInternal: false) { DisplayProperties = new("Report (report.html)") }] : [],
        });
    }

    public static CustomResourceSnapshot Initial(ExperimentPlan plan) => new()
    {
        ResourceType = "Experiment",
        State = new ResourceStateSnapshot("Waiting for the servers", KnownResourceStateStyles.Info),
        Properties =
        [
            new("experiment.name", plan.Definition.Name) { DisplayName = "Experiment" },
            new("experiment.configurations", string.Join(", ", plan.Configurations.Select(c => c.Configuration.Name))) { DisplayName = "Configurations" },
            new("experiment.repetitions", plan.Definition.Repetitions.ToString(CultureInfo.InvariantCulture)) { DisplayName = "Repetitions" },
            new("experiment.results", plan.Results.Path) { DisplayName = "Results" },
        ],
    };

    private Task PublishAsync(string state, string style, ImmutableArray<ResourcePropertySnapshot> properties) =>
        notifications.PublishUpdateAsync(plan.Experiment, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(state, style),
            StartTimeStamp = snapshot.StartTimeStamp ?? DateTime.UtcNow,
            Properties = With(snapshot.Properties, properties),
        });

    private static ImmutableArray<ResourcePropertySnapshot> With(ImmutableArray<ResourcePropertySnapshot> current, ImmutableArray<ResourcePropertySnapshot> changes) =>
        [.. current.Where(p => !changes.Any(c => c.Name == p.Name)), .. changes];
}
