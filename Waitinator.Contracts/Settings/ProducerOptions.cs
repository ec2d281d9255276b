namespace Waitinator.Contracts.Settings;

/// <summary>What the producer submits and where it writes its report (configuration section "Producer").</summary>
public sealed record ProducerOptions
{
    public const string SectionName = "Producer";

    /// <summary>Header sizes of the chords to submit, each with a summarize callback: unset means the original 7 and 3.</summary>
    /// <remarks>No array default here: the configuration binder appends configured items to a default array.</remarks>
    public int[]? ChordSizes { get; init; }

    public int[] EffectiveChordSizes => ChordSizes is { Length: > 0 } sizes ? sizes : [7, 3];

    /// <summary>How long to wait for every chord's callback before giving up and naming the missing ones.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>The JSON report for the reporter.</summary>
    public string ReportPath { get; init; } = "producer-report.json";

    /// <summary>Where to keep the count of header tasks done while the chords run, rewritten every second; unset: none.</summary>
    public string? ProgressPath { get; init; }

    /// <summary>
    /// Consumers each routed queue must have before the first chord goes out: the worker processes of the experiment
    /// (the AppHost sets it from the worker replicas and model); 0 submits at once.
    /// </summary>
    public int ExpectedConsumers { get; init; } = 1;

    /// <summary>How long to wait for those consumers.</summary>
    public TimeSpan ConsumerWaitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Task name to queue (Celery's task_routes).</summary>
    public Dictionary<string, string> Routes { get; init; } = new() { ["waitinate"] = "waitinate", ["summarize"] = "summarize" };
}
