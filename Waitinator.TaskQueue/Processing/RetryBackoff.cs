namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// Exponential back-off with jitter, as Celery's retry_backoff and retry_jitter: the delay doubles with each retry up to
/// a ceiling, and each retry waits a random time between half that delay and all of it, so that a thousand tasks that
/// failed together do not come back together.
/// </summary>
public sealed record RetryBackoff(int MaxRetries, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>The delay before retry number <paramref name="retries"/> + 1, or null when the retries are spent.</summary>
    public TimeSpan? Next(int retries, Random random)
    {
        if (retries >= MaxRetries)
        {
            return null;
        }

        var ceiling = Math.Min(MaxDelay.TotalSeconds, FirstDelay.TotalSeconds * Math.Pow(2, Math.Max(0, retries)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (random.NextDouble() / 2)));
    }
}
