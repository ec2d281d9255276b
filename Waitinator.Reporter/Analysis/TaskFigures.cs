using Waitinator.Contracts;
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
    double SumSleepSeconds,
    IReadOnlyList<IdealSchedule.Chord> Work)
{
    /// <summary>The figures, or null when there is no task.</summary>
    /// <param name="chordHeaders">Each chord's header task ids in header order (its summary); tasks in none run as they started.</param>
    public static TaskFigures? From(IReadOnlyList<TaskRow> rows, IReadOnlyList<IReadOnlyList<string>>? chordHeaders = null)
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
            rows.Sum(r => r.SleepSeconds),
            PublishOrder(rows, chordHeaders ?? []));
    }

    /// <summary>
    /// The ideal total: the makespan of a perfect shared queue with this many slots running these sleeps in publish order
    /// (<see cref="IdealSchedule"/>).
    /// </summary>
    public double? IdealSeconds(int? slots) => slots is > 0 ? IdealSchedule.Of(Work, slots.Value).HeaderMakespan : null;

    /// <summary>
    /// A bound no schedule can beat, whether or not any reaches it: no task ends before its own sleep, and the slots cannot
    /// sleep through more than their share of all sleeps at once. The lab's ratio divided by this before it simulated the queue.
    /// </summary>
    public double? LowerBoundSeconds(int? slots) => slots is > 0 ? Math.Max(LongestSleepSeconds, SumSleepSeconds / slots.Value) : null;

    /// <summary>
    /// The chords as the producer published them: each chord's header in header order, chords in the order their first
    /// task started (the producer sends them one after another), then tasks of no recorded chord in the order they started.
    /// Callbacks take no measured time (summarize only adds up its header's results).
    /// </summary>
    private static List<IdealSchedule.Chord> PublishOrder(IReadOnlyList<TaskRow> rows, IReadOnlyList<IReadOnlyList<string>> chordHeaders)
    {
        var byId = rows.GroupBy(r => r.TaskId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var chords = chordHeaders
            .Select(ids => ids.Where(id => byId.ContainsKey(id) && placed.Add(id)).Select(id => byId[id]).ToList())
            .Where(header => header.Count > 0)
            .OrderBy(header => header.Min(r => r.StartedAt))
            .Select(header => new IdealSchedule.Chord([.. header.Select(r => r.SleepSeconds)]))
            .ToList();
        var loose = rows.Where(r => !placed.Contains(r.TaskId)).OrderBy(r => r.StartedAt).Select(r => r.SleepSeconds).ToList();
        if (loose.Count > 0)
        {
            chords.Add(new IdealSchedule.Chord(loose, CallbackSeconds: null));
        }

        return chords;
    }
}
