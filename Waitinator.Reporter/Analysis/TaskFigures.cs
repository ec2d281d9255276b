using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Analysis;

/// <summary>
/// What the worker's database says of a repetition. Total time is MAX(ended_at) - MIN(started_at) over all tasks,
/// the original investigation's definition: the time to finish both chords.
/// </summary>
public sealed record TaskFigures(
    int TaskCount,
    double MeanTaskSeconds,
    double TotalSeconds,
    DateTimeOffset FirstStart,
    DateTimeOffset LastEnd,
    double LongestSleepSeconds,
    double SumSleepSeconds)
{
    /// <summary>The figures, or null when there is no task.</summary>
    public static TaskFigures? From(IReadOnlyList<TaskRow> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var firstStart = rows.Min(r => r.StartedAt);
        var lastEnd = rows.Max(r => r.EndedAt);
        return new TaskFigures(
            rows.Count,
            rows.Average(r => r.Seconds),
            (lastEnd - firstStart).TotalSeconds,
            firstStart,
            lastEnd,
            rows.Max(r => r.SleepSeconds),
            rows.Sum(r => r.SleepSeconds));
    }

    /// <summary>
    /// The shortest total any worker set with this many slots could reach: no task ends before its own sleep, and the
    /// slots cannot sleep through more than their share of all sleeps at once.
    /// </summary>
    public double? IdealSeconds(int? slots) => slots is > 0 ? Math.Max(LongestSleepSeconds, SumSleepSeconds / slots.Value) : null;
}
