namespace Waitinator.TaskQueue.Hosting;

/// <summary>What the publisher and the result backend are built from: a worker's own settings, or a client's routes and the defaults.</summary>
internal sealed record TaskQueueClientSettings(IReadOnlyDictionary<string, string> Routes, TimeSpan OutageTolerance, TimeSpan ResultExpires)
{
    /// <summary>How long results stay in Redis unless a worker says otherwise (Celery's result_expires).</summary>
    public static readonly TimeSpan DefaultResultExpires = TimeSpan.FromDays(1);
}
