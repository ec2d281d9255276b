namespace Waitinator.AppHost.Experiments;

/// <summary>run.json in a repetition's folder: when it ran and how its producer ended.</summary>
public sealed record RepetitionRecord(
    string Configuration,
    int Repetition,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int ExitCode,
    string? Error);
