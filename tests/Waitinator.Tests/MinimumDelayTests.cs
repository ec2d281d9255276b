using Waitinator.Api;

namespace Waitinator.Tests;

public sealed class MinimumDelayTests
{
    [Theory]
    [InlineData(2073.4, 0.6)]
    [InlineData(1800.0, 0.9)]
    [InlineData(0.3, 0.2)]
    public async Task A_timer_that_fires_early_is_waited_out_in_whole_milliseconds_not_in_a_busy_loop(double milliseconds, double phaseMilliseconds)
    {
        var clock = new MillisecondTimers(TimeSpan.FromMilliseconds(phaseMilliseconds));
        var duration = TimeSpan.FromMilliseconds(milliseconds);

        var slept = await MinimumDelay.WaitAsync(duration, clock, CancellationToken.None);

        Assert.True(slept >= duration, $"slept {slept.TotalMilliseconds} ms of {milliseconds} ms");
        Assert.All(clock.Requested, due => Assert.True(due >= TimeSpan.FromMilliseconds(1) && due.Ticks % TimeSpan.TicksPerMillisecond == 0, $"a timer of {due.TotalMilliseconds} ms"));
        Assert.InRange(clock.Requested.Count, 1, 2);
    }

    [Fact]
    public async Task A_cancelled_wait_ends_at_once()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MinimumDelay.WaitAsync(TimeSpan.FromMinutes(3), TimeProvider.System, cancelled.Token));
    }

    /// <summary>
    /// A clock whose timers behave as the system's: they count whole milliseconds (a shorter time is truncated, to zero
    /// at worst) and fire on the clock's millisecond ticks, which fall <paramref name="phase"/> after the wait starts, so a
    /// timer fires up to a millisecond early. Each timer moves the clock on to its moment and fires from the thread pool.
    /// A thousand readings of the clock in one wait is a busy loop, of timers or without them, and fails.
    /// </summary>
    private sealed class MillisecondTimers(TimeSpan phase) : TimeProvider
    {
        private long _now;
        private int _readings;

        public List<TimeSpan> Requested { get; } = [];

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Increment(ref _readings) <= 1000
            ? Interlocked.Read(ref _now)
            : throw new InvalidOperationException("The clock was read a thousand times in one wait: a busy loop.");

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Requested.Add(dueTime);
            var now = Interlocked.Read(ref _now);
            var milliseconds = (long)dueTime.TotalMilliseconds;
            var tick = (now + phase.Ticks) / TimeSpan.TicksPerMillisecond;
            var firesAt = milliseconds == 0 ? now : ((tick + milliseconds) * TimeSpan.TicksPerMillisecond) - phase.Ticks;
            Interlocked.Exchange(ref _now, Math.Max(now, firesAt));
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
