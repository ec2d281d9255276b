using System.Collections.Immutable;
using System.Globalization;

namespace Waitinator.AppHost.Experiments;

/// <summary>What the dashboard shows of the experiment resource: the state line and the properties beside it.</summary>
internal sealed class ExperimentStatus(ResourceNotificationService notifications, ExperimentPlan plan)
{
    public Task RepetitionAsync(string configuration, int repetition, int run, long tasksDone, int tasks, string remaining) =>
        PublishAsync(
            $"{configuration} · repetition {repetition}/{plan.Definition.Repetitions} · {tasksDone}/{tasks} tasks",
            KnownResourceStateStyles.Info,
            [
                new("experiment.configuration", configuration) { DisplayName = "Configuration" },
                new("experiment.repetition", $"{repetition} of {plan.Definition.Repetitions}") { DisplayName = "Repetition" },
                new("experiment.run", $"{run} of {plan.TotalRuns}") { DisplayName = "Run" },
                new("experiment.tasks", $"{tasksDone} of {tasks}") { DisplayName = "Tasks done" },
                new("experiment.remaining", remaining) { DisplayName = "Time left" },
            ]);

    public Task ReportingAsync() => PublishAsync("Reporting", KnownResourceStateStyles.Info, []);

    public Task FinishedAsync(int exitCode, bool stoppedEarly)
    {
        var report = Path.Combine(plan.Results.ReportFolder, "report.html");
        var state = exitCode == 0 ? (stoppedEarly ? "Stopped early" : "Finished") : "Failed";
        return notifications.PublishUpdateAsync(plan.Experiment, snapshot => snapshot with
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
