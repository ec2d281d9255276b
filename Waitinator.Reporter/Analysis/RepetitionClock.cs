namespace Waitinator.Reporter.Analysis;

/// <summary>
/// The common clock of a repetition's processes: seconds since its start, and the window the clean data keeps
/// (from 1 s before the first task starts to 1 s after the last one ends: no warm-up, no idle tail).
/// </summary>
public sealed record RepetitionClock(DateTimeOffset Origin, string OriginSource, double WindowStartSeconds, double WindowEndSeconds, string WindowSource)
{
    public const double StepSeconds = 1.0;
    public const double MarginSeconds = 1.0;

    public double SecondsOf(DateTimeOffset time) => (time - Origin).TotalSeconds;

    public DateTimeOffset TimeOf(double seconds) => Origin + TimeSpan.FromSeconds(seconds);

    /// <summary>The whole seconds of the window, the points every process is resampled to.</summary>
    public IEnumerable<int> GridSeconds()
    {
        var first = (int)Math.Ceiling(WindowStartSeconds);
        var last = (int)Math.Floor(WindowEndSeconds);
        return first > last ? [] : Enumerable.Range(first, last - first + 1);
    }

    /// <summary>
    /// The clock starts at run.json's started_at, else at the first task; the window follows the tasks, or, without
    /// them, covers every sample.
    /// </summary>
    public static RepetitionClock? Create(DateTimeOffset? runStartedAt, TaskFigures? tasks, IReadOnlyCollection<DateTimeOffset> sampleTimes)
    {
        var (origin, originSource) = runStartedAt is { } started
            ? (started, "run.json started_at")
            : tasks is not null
                ? (tasks.FirstStart, "first task start")
                : sampleTimes.Count > 0 ? (sampleTimes.Min(), "first telemetry sample") : (default(DateTimeOffset?), "");
        if (origin is not { } clockOrigin)
        {
            return null;
        }

        if (tasks is not null)
        {
            return new RepetitionClock(clockOrigin, originSource,
                (tasks.FirstStart - clockOrigin).TotalSeconds - MarginSeconds,
                (tasks.LastEnd - clockOrigin).TotalSeconds + MarginSeconds,
                "tasks");
        }

        return sampleTimes.Count == 0
            ? null
            : new RepetitionClock(clockOrigin, originSource,
                (sampleTimes.Min() - clockOrigin).TotalSeconds,
                (sampleTimes.Max() - clockOrigin).TotalSeconds,
                "all samples (no task times to cut warm-up and idle tail)");
    }
}
