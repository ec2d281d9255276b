using System.Diagnostics;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// Publishes messages on a fixed schedule, message i at start + i / rate, whatever the worker or the broker does: a
/// publish is not held back by the confirms of earlier ones, and each message's publish time is its scheduled time, so
/// that a publisher falling behind counts in the latency it causes instead of hiding it (no coordinated omission).
/// </summary>
internal static class OpenLoopPublisher
{
    /// <summary>What happened to the schedule: when each message was due (UTC) and how far behind it the publisher sent the latest one.</summary>
    public sealed record Schedule(IReadOnlyList<DateTime> DueAt, double WorstLagSeconds, double SendSeconds);

    public static async Task<Schedule> PublishAsync(TaskPublisher publisher, IReadOnlyList<TaskMessage> messages, double ratePerSecond, CancellationToken cancellationToken)
    {
        var interval = 1 / ratePerSecond;
        var clock = Stopwatch.StartNew();
        var origin = DateTime.UtcNow;
        var dueAt = new DateTime[messages.Count];
        var confirms = new List<Task>(messages.Count);
        var worstLag = 0.0;
        var next = 0;
        while (next < messages.Count)
        {
            var now = clock.Elapsed.TotalSeconds;
            var dueNow = Math.Min(messages.Count, (int)Math.Floor(now / interval) + 1);
            if (dueNow <= next)
            {
                // Sleep to the next due time when it is far enough for the timer; otherwise give the core away briefly.
                var wait = next * interval - now;
                if (wait > 0.002)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait - 0.001), cancellationToken);
                }
                else
                {
                    await Task.Yield();
                }

                continue;
            }

            for (; next < dueNow; next++)
            {
                dueAt[next] = origin.AddSeconds(next * interval);
                worstLag = Math.Max(worstLag, now - next * interval);
                confirms.Add(publisher.PublishAsync(messages[next], cancellationToken));
            }
        }

        var sent = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(confirms);
        return new Schedule(dueAt, worstLag, sent);
    }
}
