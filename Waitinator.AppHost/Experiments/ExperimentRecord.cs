namespace Waitinator.AppHost.Experiments;

/// <summary>experiment.json: the definition as it ran, when, which repetitions failed, and whether a user stopped it early.</summary>
public sealed record ExperimentRecord(
    string Name,
    string? Description,
    double TimeScale,
    int Repetitions,
    int[] Chords,
    ExperimentConfiguration[] Configurations,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<RepetitionRecord> Failures,
    int? StoppedAfterRun = null)
{
    public ExperimentRecord(ExperimentDefinition definition, DateTimeOffset startedAt, DateTimeOffset? finishedAt, IReadOnlyList<RepetitionRecord> failures, int? stoppedAfterRun = null)
        : this(definition.Name, definition.Description, definition.TimeScale, definition.Repetitions, definition.Chords,
            definition.Configurations, startedAt, finishedAt, failures, stoppedAfterRun)
    {
    }
}
