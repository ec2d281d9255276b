using System.Globalization;

namespace Waitinator.Contracts;

/// <summary>
/// The workers that ran a set of tasks, as their results tell: per pool, how many worker sets (replicas) of what
/// concurrency. A worker process with one slot of a larger concurrency is one child of a process pool (the .NET
/// process model, Celery's prefork): its set is the concurrency's worth of such children.
/// </summary>
public sealed record WorkerSet(string Pool, int Replicas, int Concurrency)
{
    public int Slots => Replicas * Concurrency;

    /// <summary>"async 16", or "async 3x2" for three replicas of concurrency 2.</summary>
    public string Label => Replicas > 1
        ? $"{Pool} {Replicas.ToString(CultureInfo.InvariantCulture)}x{Concurrency.ToString(CultureInfo.InvariantCulture)}"
        : $"{Pool} {Concurrency.ToString(CultureInfo.InvariantCulture)}";

    public static IReadOnlyList<WorkerSet> Of(IEnumerable<WaitinateResult> results) =>
    [
        .. results.GroupBy(r => (r.Pool, r.Concurrency))
            .Select(pool =>
            {
                var processes = pool.Select(r => r.Worker).Distinct().Count();
                var slotsPerProcess = pool.Max(r => r.Slots);
                // Children of a process pool: a child that ran no task is not seen, so round up to whole sets.
                var replicas = slotsPerProcess < pool.Key.Concurrency
                    ? (int)Math.Ceiling(processes * slotsPerProcess / (double)pool.Key.Concurrency)
                    : processes;
                return new WorkerSet(pool.Key.Pool, Math.Max(1, replicas), pool.Key.Concurrency);
            })
            .OrderBy(set => set.Pool, StringComparer.Ordinal),
    ];
}
