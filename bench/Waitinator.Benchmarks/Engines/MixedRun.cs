using System.Globalization;
using System.Text.Json.Nodes;
using Waitinator.Contracts;
using Waitinator.TaskQueue.Protocol;

namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// The mixed scenario once: a warm-up round of short tasks, then the workload's long and short waitinate tasks published
/// open-loop over the arrival window, and each short task's wait from its scheduled publish to its start against the
/// wait a perfect shared queue with the same slots would give it, from the same durations and arrival times.
/// </summary>
internal static class MixedRun
{
    public static async Task<RunFigures> MeasureAsync(BenchmarkLab lab, RunFigures figures, MixedWorkload workload, int slots, Func<bool> workersAlive, CancellationToken cancellationToken)
    {
        var warmUp = Enumerable.Range(0, 2 * slots).Select(_ => Waitinate(workload.ShortSeconds)).ToList();
        await lab.Publisher.PublishManyAsync(warmUp, cancellationToken);
        await ResultWaiter.WaitAsync(lab.Redis.GetDatabase(), [.. warmUp.Select(m => m.Headers.Id)], TimeSpan.FromSeconds(120), workersAlive, cancellationToken);

        var sleeps = workload.Sleeps();
        var messages = sleeps.Select(Waitinate).ToList();
        var schedule = await OpenLoopPublisher.PublishAsync(lab.Publisher, messages, workload.Tasks / workload.ArrivalSeconds, cancellationToken);
        var timeout = TimeSpan.FromSeconds(120 + workload.ArrivalSeconds + 3 * (workload.LongSeconds * Math.Ceiling(workload.LongTasks / (double)slots) + workload.ShortSeconds * workload.ShortTasks / slots));
        var results = await ResultWaiter.WaitAsync(lab.Redis.GetDatabase(), [.. messages.Select(m => m.Headers.Id)], timeout, workersAlive, cancellationToken);
        if (results.Values.FirstOrDefault(result => result.Status != TaskStates.Success) is { } failed)
        {
            throw new InvalidOperationException($"{results.Values.Count(r => r.Status != TaskStates.Success)} tasks failed, first: {failed.Result?.ToJsonString()}");
        }

        var origin = schedule.DueAt[0];
        var arrivals = schedule.DueAt.Select(due => (due - origin).TotalSeconds).ToList();
        var ran = messages.Select(m => results[m.Headers.Id].Result as JsonObject ?? throw new InvalidOperationException($"waitinate {m.Headers.Id} returned no object.")).ToList();
        var starts = ran.Select(task => (Time(task, "started_at") - origin).TotalSeconds).ToList();
        var ends = ran.Select(task => (Time(task, "ended_at") - origin).TotalSeconds).ToList();
        var ideal = IdealSchedule.StartsOf([.. arrivals.Select((arrived, i) => new IdealSchedule.Arrival(arrived, ends[i] - starts[i]))], slots);
        var shorts = Enumerable.Range(0, sleeps.Count).Where(i => sleeps[i] == workload.ShortSeconds).ToList();
        return figures with
        {
            TotalSeconds = ends.Max(),
            IdealSeconds = Enumerable.Range(0, ideal.Count).Max(i => ideal[i] + ends[i] - starts[i]),
            PublishSeconds = schedule.SendSeconds,
            PublishLagSeconds = schedule.WorstLagSeconds,
            ShortWait = Percentiles.Of(shorts.Select(i => starts[i] - arrivals[i])),
            IdealShortWait = Percentiles.Of(shorts.Select(i => ideal[i] - arrivals[i])),
            StartSpreadSeconds = starts.Max() - starts.Min(),
        };
    }

    private static TaskMessage Waitinate(double seconds)
    {
        var id = Guid.NewGuid().ToString();
        return new TaskMessage(new TaskHeaders { Task = "waitinate", Id = id, RootId = id, Origin = "benchmark" }, [seconds], []);
    }

    private static DateTime Time(JsonObject task, string field) =>
        DateTime.Parse(task[field]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
