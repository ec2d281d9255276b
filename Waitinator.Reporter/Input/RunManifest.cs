namespace Waitinator.Reporter.Input;

/// <summary>run.json in a repetition's folder: when it ran and how its producer ended.</summary>
public sealed record RunManifest
{
    public string? Configuration { get; init; }

    public int? Repetition { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public int? ExitCode { get; init; }

    public string? Error { get; init; }

    /// <summary>Messages still in the task queues once the repetition's workers had stopped.</summary>
    public int? LeftInQueues { get; init; }
}
