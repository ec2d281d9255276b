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
    /// The shortest total any worker set with this many slots could reach: no task ends before its own sleep, and the
    /// slots cannot sleep through more than their share of all sleeps at once. 0 without sleeps or slots.
    /// </summary>
    public static double IdealSeconds(IReadOnlyCollection<double> sleeps, int slots) =>
        sleeps.Count == 0 || slots == 0 ? 0 : Math.Max(sleeps.Max(), sleeps.Sum() / slots);
}
