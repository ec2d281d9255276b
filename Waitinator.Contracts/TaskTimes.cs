namespace Waitinator.Contracts;

/// <summary>
/// The time figures a set of waitinate tasks is judged by, one definition for the producer's report and the benchmark.
/// Total time is MAX(end) - MIN(start), as the original investigation measured it: the time to finish every chord.
/// </summary>
public static class TaskTimes
{
    public static double MeanSeconds(IReadOnlyList<WaitinateResult> results) =>
        results.Count == 0 ? 0 : results.Average(r => r.TaskSeconds);

    public static double TotalSeconds(IReadOnlyList<WaitinateResult> results) =>
        results.Count == 0 ? 0 : (results.Max(r => r.EndedAt) - results.Min(r => r.StartedAt)).TotalSeconds;

    /// <summary>
    /// The ideal total: when a perfect shared queue with this many slots would end these chords' header tasks, their
    /// sleeps taken in publish order (<see cref="IdealSchedule"/>). 0 without sleeps or slots.
    /// </summary>
    /// <param name="chords">Each chord's header sleeps in header order, chords in the order they were published.</param>
    public static double IdealSeconds(IReadOnlyList<IReadOnlyList<double>> chords, int slots) =>
        chords.All(chord => chord.Count == 0) || slots < 1 ? 0
        : IdealSchedule.Of([.. chords.Select(sleeps => new IdealSchedule.Chord(sleeps))], slots).HeaderMakespan;

    /// <summary>
    /// A bound no schedule beats, whether or not any reaches it: no task ends before its own sleep, and the slots cannot
    /// sleep through more than their share of all sleeps at once. 0 without sleeps or slots.
    /// </summary>
    public static double LowerBoundSeconds(IReadOnlyCollection<double> sleeps, int slots) =>
        sleeps.Count == 0 || slots < 1 ? 0 : Math.Max(sleeps.Max(), sleeps.Sum() / slots);
}
