namespace Waitinator.AppHost.Experiments;

/// <summary>
/// run.json in a repetition's folder: when it ran, how its producer ended, and how many messages were left in the task
/// queues once its workers had stopped (purged before the next repetition), and which worker instances a user killed
/// from the dashboard while it ran (a repetition with kills measures recovery, not the configuration alone).
/// </summary>
public sealed record RepetitionRecord(
    string Configuration,
    int Repetition,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int ExitCode,
    string? Error,
    int? LeftInQueues = null,
    IReadOnlyList<string>? KilledOnRequest = null);
