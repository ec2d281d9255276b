namespace Waitinator.Contracts;

/// <summary>
/// The makespan of a perfect shared queue: every task taken in publish order by the first slot that is free, the moment
/// it is free, with no dispatch, network or start-up cost (list scheduling). A chord's callback joins the queue when
/// the last task of its header ends, behind whatever is still waiting. No worker with these slots can finish these
/// tasks sooner in this order; max(longest task, sum / slots) is only a lower bound, since a task cannot be split
/// across slots.
/// </summary>
public static class IdealSchedule
{
    /// <summary>A chord's header task durations in header order, and its callback's duration (null: tasks with no callback).</summary>
    public sealed record Chord(IReadOnlyList<double> HeaderSeconds, double? CallbackSeconds = 0);

    /// <summary>When each header task and each callback would end, chords in publish order, on the slots given.</summary>
    public sealed record Schedule(IReadOnlyList<IReadOnlyList<double>> HeaderEnds, IReadOnlyList<double?> CallbackEnds)
    {
        /// <summary>When the last header task ends: the waitinate tasks' total, as the report measures it.</summary>
        public double HeaderMakespan => HeaderEnds.SelectMany(ends => ends).DefaultIfEmpty(0).Max();

        /// <summary>When the last task of all, callbacks included, ends.</summary>
        public double Makespan => Math.Max(HeaderMakespan, CallbackEnds.OfType<double>().DefaultIfEmpty(0).Max());
    }

    public static Schedule Of(IReadOnlyList<Chord> chords, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var free = new PriorityQueue<int, double>();
        for (var slot = 0; slot < slots; slot++)
        {
            free.Enqueue(slot, 0);
        }

        // Every header task is published before any callback: the producer sends its chords up front.
        var headerEnds = chords.Select(chord => (IReadOnlyList<double>)[.. chord.HeaderSeconds.Select(seconds => Run(free, ready: 0, seconds))]).ToList();

        // Callbacks in the order they become ready, each behind the header tasks: a FIFO queue keeps publish order.
        var callbackEnds = new double?[chords.Count];
        var ready = chords.Select((chord, index) => (index, chord.CallbackSeconds, Ready: headerEnds[index].DefaultIfEmpty(0).Max()))
            .Where(c => c.CallbackSeconds is not null)
            .OrderBy(c => c.Ready).ThenBy(c => c.index);
        foreach (var (index, seconds, at) in ready)
        {
            callbackEnds[index] = Run(free, at, seconds!.Value);
        }

        return new Schedule(headerEnds, callbackEnds);
    }

    /// <summary>Starts a task on the slot free soonest, when both the slot and the task are ready; returns when it ends.</summary>
    private static double Run(PriorityQueue<int, double> free, double ready, double seconds)
    {
        free.TryDequeue(out var slot, out var freeAt);
        var end = Math.Max(freeAt, ready) + seconds;
        free.Enqueue(slot, end);
        return end;
    }
}
