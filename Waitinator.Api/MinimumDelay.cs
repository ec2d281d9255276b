namespace Waitinator.Api;

/// <summary>Waits at least a given time without holding a thread.</summary>
internal static class MinimumDelay
{
    /// <summary>
    /// Waits until at least <paramref name="duration"/> has passed on <paramref name="clock"/> and returns the time that
    /// passed. Timers may fire up to a millisecond early, so the rest is waited again, rounded up to whole milliseconds:
    /// the system timer counts whole milliseconds, and a remainder below one would become a zero-length timer, firing at
    /// once, again and again until the time is up (docs/performance.md, "The Api's sleep").
    /// </summary>
    public static async Task<TimeSpan> WaitAsync(TimeSpan duration, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        for (var left = duration; left > TimeSpan.Zero; left = duration - clock.GetElapsedTime(started))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), clock, cancellationToken);
        }

        return clock.GetElapsedTime(started);
    }
}
