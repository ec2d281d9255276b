using Waitinator.Contracts;

namespace Waitinator.Tests.Lab;

/// <summary>How many tasks ran at the same moment, read from the start and end times the workers recorded.</summary>
public static class TaskOverlap
{
    public static int MostAtOnce(IEnumerable<WaitinateResult> results)
    {
        // An end sorts before a start at the same instant: a slot handed straight to the next task is not two at once.
        var events = results
            .SelectMany(r => new[] { (At: r.StartedAt, Change: +1), (At: r.EndedAt, Change: -1) })
            .OrderBy(e => e.At)
            .ThenBy(e => e.Change);
        var running = 0;
        var most = 0;
        foreach (var (_, change) in events)
        {
            running += change;
            most = Math.Max(most, running);
        }

        return most;
    }
}
