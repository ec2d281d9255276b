namespace Waitinator.Reporter.Input;

/// <summary>
/// One waitinate task as the worker recorded it in waitinate_tasks; Runs above 1 means it was redelivered and ran again
/// (its last run's times). PublishedAt is null in databases recorded before the column existed.
/// </summary>
public sealed record TaskRow(string TaskId, double SleepSeconds, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long Runs)
{
    public DateTimeOffset? PublishedAt { get; init; }

    public double Seconds => (EndedAt - StartedAt).TotalSeconds;

    /// <summary>From publish to start: the broker's queue and the worker's prefetch buffer (for a rerun task, its earlier runs too).</summary>
    public double? QueueWaitSeconds => PublishedAt is { } published ? (StartedAt - published).TotalSeconds : null;
}
