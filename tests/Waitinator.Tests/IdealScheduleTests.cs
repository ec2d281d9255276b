using Waitinator.Contracts;

namespace Waitinator.Tests;

/// <summary>The ideal every ratio divides by: a perfect shared queue's makespan, checked against schedules worked by hand.</summary>
public sealed class IdealScheduleTests
{
    // Ten sleeps of about a second, in publish order (sum 10.2 s, longest 1.2 s).
    private static readonly double[] Sleeps = [1.0, 1.1, 0.9, 1.2, 1.0, 0.95, 1.05, 1.0, 1.1, 0.9];

    [Theory]
    // One slot runs them back to back.
    [InlineData(1, 10.2)]
    // Three slots: 1.0 | 1.1 | 0.9, then 1.2 on the slot free at 0.9 (ends 2.1), 1.0 at 1.0 (2.0), 0.95 at 1.1 (2.05),
    // 1.05 at 2.0 (3.05), 1.0 at 2.05 (3.05), 1.1 at 2.1 (3.2), and the last 0.9 at 3.05: 3.95, where sum / slots says 3.4.
    [InlineData(3, 3.95)]
    // Four slots: 1.0 | 1.1 | 0.9 | 1.2, then 1.0 at 0.9 (1.9), 0.95 at 1.0 (1.95), 1.05 at 1.1 (2.15), 1.0 at 1.2 (2.2),
    // 1.1 at 1.9 (3.0), 0.9 at 1.95 (2.85): 3.0, where sum / slots says 2.55.
    [InlineData(4, 3.0)]
    // A slot each: the longest sleep.
    [InlineData(16, 1.2)]
    public void Ten_sleeps_end_when_a_perfect_shared_queue_would_end_them(int slots, double expected)
    {
        var schedule = IdealSchedule.Of([new IdealSchedule.Chord(Sleeps, CallbackSeconds: null)], slots);
        Assert.Equal(expected, schedule.HeaderMakespan, 9);
    }

    [Fact]
    public void A_chord_s_callback_starts_when_its_header_s_last_task_ends_behind_the_tasks_still_queued()
    {
        // Two slots. Chord A's header 2 | 1, its third task 1 at 1 (ends 2); chord B's one task queued behind them starts
        // at 2 (ends 3). A's callback (0.5) is ready at 2, when a slot is free: ends 2.5. B's callback is ready at 3: ends 3.
        var schedule = IdealSchedule.Of([new IdealSchedule.Chord([2, 1, 1], 0.5), new IdealSchedule.Chord([1], 0)], slots: 2);

        Assert.Equal([2.0, 1.0, 2.0], schedule.HeaderEnds[0]);
        Assert.Equal([3.0], schedule.HeaderEnds[1]);
        Assert.Equal([2.5, 3.0], schedule.CallbackEnds.Select(end => end!.Value));
        Assert.Equal(3.0, schedule.Makespan, 9);
    }

    [Fact]
    public void A_callback_that_takes_time_holds_a_slot_from_the_tasks_behind_it()
    {
        // One slot: the header 1 + 1, then the callback of 3 s waits for it; nothing is split across slots.
        var schedule = IdealSchedule.Of([new IdealSchedule.Chord([1, 1], 3)], slots: 1);
        Assert.Equal(5.0, schedule.Makespan, 9);
        Assert.Equal(2.0, schedule.HeaderMakespan, 9);
    }
}
