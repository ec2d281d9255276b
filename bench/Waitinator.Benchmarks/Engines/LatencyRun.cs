using System.Globalization;
using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Protocol;

namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// The latency scenario once: no-op tasks that report when they started, published open-loop at the trial's rate, and
/// each one's time from its scheduled publish to its start and to its result (date_done, set as the result is stored).
/// </summary>
internal static class LatencyRun
{
    private const int WarmUpTasks = 200;

    public static async Task<RunFigures> MeasureAsync(BenchmarkLab lab, RunFigures figures, Trial trial, Func<bool> workersAlive, CancellationToken cancellationToken)
    {
        var warmUp = Enumerable.Range(0, WarmUpTasks).Select(_ => Noop()).ToList();
        await lab.Publisher.PublishManyAsync(warmUp, cancellationToken);
        await ResultWaiter.WaitAsync(lab.Redis.GetDatabase(), [.. warmUp.Select(m => m.Headers.Id)], TimeSpan.FromSeconds(120), workersAlive, cancellationToken);

        var rate = trial.Rate!.Value;
        var messages = Enumerable.Range(0, trial.Tasks).Select(_ => Noop()).ToList();
        var schedule = await OpenLoopPublisher.PublishAsync(lab.Publisher, messages, rate, cancellationToken);
        // A worker slower than the rate drains a backlog afterwards: time enough for Celery's slowest pool.
        var results = await ResultWaiter.WaitAsync(lab.Redis.GetDatabase(), [.. messages.Select(m => m.Headers.Id)], TimeSpan.FromSeconds(120 + trial.Tasks / 100.0), workersAlive, cancellationToken);
        var started = new List<double>(messages.Count);
        var stored = new List<double>(messages.Count);
        for (var index = 0; index < messages.Count; index++)
        {
            var result = results[messages[index].Headers.Id];
            var at = result.Result is JsonObject { } task && task["started_at"]?.GetValue<string>() is { } text
                ? DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)
                : throw new InvalidOperationException($"noop {result.TaskId} did not report its start ({result.Status}).");
            started.Add((at - schedule.DueAt[index]).TotalMilliseconds);
            stored.Add((result.DateDone!.Value - schedule.DueAt[index]).TotalMilliseconds);
        }

        return figures with
        {
            Rate = rate,
            PublishSeconds = schedule.SendSeconds,
            PublishLagSeconds = schedule.WorstLagSeconds,
            StartLatency = Percentiles.Of(started),
            ResultLatency = Percentiles.Of(stored),
        };
    }

    private static TaskMessage Noop()
    {
        var id = Guid.NewGuid().ToString();
        return new TaskMessage(new TaskHeaders { Task = "noop", Id = id, RootId = id, Origin = "benchmark" }, [], new JsonObject { ["report_start"] = true });
    }
}
