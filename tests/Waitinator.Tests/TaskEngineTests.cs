using Waitinator.Contracts;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>The original experiment, two chords of 7 and 3 waitinate tasks, in every execution model, against real servers.</summary>
[Collection(LabServersCollection.Name)]
public sealed class TaskEngineTests(LabServers servers)
{
    // 180-210 s at 0.005: a task sleeps 0.9-1.05 s.
    private const double TimeScale = 0.005;

    [Theory]
    [InlineData("Solo", 1)]
    [InlineData("Threads", 1)]
    [InlineData("Async", 1)]
    [InlineData("Process", 1)]
    [InlineData("Threads", 16)]
    [InlineData("Async", 16)]
    [InlineData("Process", 16)]
    public async Task The_original_two_chords_complete_in_every_execution_model(string model, int concurrency)
    {
        await using var run = await LabRun.StartAsync(servers, TimeScale);
        await run.StartWorkerAsync(model, concurrency);

        var report = await run.RunProducerAsync(TimeSpan.FromMinutes(3), 7, 3);

        AssertChordsComplete(report, run);
        Assert.Equal([$"{model.ToLowerInvariant()} {concurrency}"], report.Pools);
        Assert.Equal(concurrency, report.Slots);
        var results = report.Chords.SelectMany(c => c.Results).ToList();
        if (concurrency == 1)
        {
            // One at a time: no task starts before the one before it has ended, so the run takes at least the sum of the sleeps.
            Assert.Equal(1, TaskOverlap.MostAtOnce(results));
            Assert.True(report.TotalSeconds >= results.Sum(r => r.SleepSeconds), $"{report.TotalSeconds} s for sleeps summing to {results.Sum(r => r.SleepSeconds)} s");
        }
        else
        {
            // Side by side: most of the ten tasks sleep at the same moment. How close to the longest sleep each model gets
            // is the experiments' and benchmarks' to measure, not a timed test's on a shared 2-core machine.
            Assert.InRange(TaskOverlap.MostAtOnce(results), 5, concurrency);
        }
    }

    [Fact]
    public async Task A_worker_killed_mid_chord_with_late_acks_loses_nothing_and_each_callback_runs_once()
    {
        // 180-210 s at 0.02: a task sleeps 3.6-4.2 s, long enough to kill the worker in the middle.
        await using var run = await LabRun.StartAsync(servers, 0.02);
        var doomed = await run.StartWorkerAsync("Async", 16, acks: "Late");
        var producing = run.RunProducerAsync(TimeSpan.FromMinutes(3), 7, 3);

        await Eventually.WaitUntilAsync(() => run.Api.InFlight >= 10, TimeSpan.FromSeconds(60), () => doomed.Output);
        doomed.KillHard();
        await run.StartWorkerAsync("Async", 16, acks: "Late");
        var report = await producing;

        AssertChordsComplete(report, run);
        Assert.All(report.Chords.SelectMany(c => c.Results), r => Assert.NotEqual(doomed.Id, r.ProcessId));
    }

    [Theory]
    [InlineData("Async")]
    [InlineData("Process")]
    public async Task SIGTERM_lets_running_tasks_finish_and_returns_prefetched_ones_to_the_queue(string model)
    {
        // Two slots with prefetch multiplier 2: at SIGTERM two tasks run and more wait in the worker, unstarted.
        // Early acks, Celery's default: a running task is already acknowledged, so a worker that did not finish it would lose it.
        await using var run = await LabRun.StartAsync(servers, 0.02);
        var stopping = await run.StartWorkerAsync(model, 2, acks: "Early", prefetchMultiplier: 2);
        var producing = run.RunProducerAsync(TimeSpan.FromMinutes(3), 7, 3);

        await Eventually.WaitUntilAsync(() => run.Api.InFlight >= 2, TimeSpan.FromSeconds(60), () => stopping.Output);
        stopping.Terminate();
        var exitCode = await stopping.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"The worker exited with {exitCode} after SIGTERM. Output:\n{stopping.Output}");
        Assert.Equal(0, run.Api.InFlight);
        var finishedBeforeExit = run.RecordedRuns("waitinate_tasks");
        Assert.Equal(2, finishedBeforeExit.Count);
        var returned = System.Text.RegularExpressions.Regex.Matches(stopping.Output, @"stopped warm; (\d+) prefetched tasks returned")
            .Sum(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(returned > 0, $"No prefetched task was returned to the queue. Output:\n{stopping.Output}");

        await run.StartWorkerAsync("Async", 16);
        var report = await producing;

        AssertChordsComplete(report, run);
        Assert.All(run.RecordedRuns("waitinate_tasks").Values, runs => Assert.Equal(1, runs));
        var stoppedWorker = $"{model.ToLowerInvariant()}-{stopping.Id}@{Environment.MachineName}";
        var ranByStopped = report.Chords.SelectMany(c => c.Results).Where(r => r.Worker == stoppedWorker).Select(r => r.TaskId);
        Assert.Equal(finishedBeforeExit.Keys.Order(), ranByStopped.Order());
    }

    [Theory]
    [InlineData("Async")]
    [InlineData("Process")]
    public async Task A_second_SIGTERM_stops_at_once_and_late_acknowledged_tasks_run_again_on_another_worker(string model)
    {
        // 180-210 s at 0.05: a task sleeps 9-10.5 s, far longer than a cold stop may take.
        await using var run = await LabRun.StartAsync(servers, 0.05);
        var stopping = await run.StartWorkerAsync(model, 2, acks: "Late");
        var producing = run.RunProducerAsync(TimeSpan.FromMinutes(3), 3);

        await Eventually.WaitUntilAsync(() => run.Api.InFlight >= 2, TimeSpan.FromSeconds(60), () => stopping.Output);
        stopping.Terminate();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        stopping.Terminate();
        var exitCode = await stopping.WaitForExitAsync(TimeSpan.FromSeconds(5));

        Assert.True(exitCode == 143, $"The worker exited with {exitCode} after two SIGTERMs. Output:\n{stopping.Output}");
        Assert.Contains("cold shutdown", stopping.Output, StringComparison.Ordinal);
        Assert.Empty(run.RecordedRuns("waitinate_tasks"));

        await run.StartWorkerAsync("Async", 16, acks: "Late");
        var report = await producing;

        AssertChordsComplete(report, run);
        Assert.All(report.Chords.SelectMany(c => c.Results), r => Assert.NotEqual(stopping.Id, r.ProcessId));
    }

    /// <summary>Every submitted header task has exactly one result in its chord's summary, in header order, and one row; each callback ran once.</summary>
    internal static void AssertChordsComplete(ExperimentReport report, LabRun run)
    {
        Assert.Equal(report.Submitted.Count, report.Chords.Count);
        for (var i = 0; i < report.Chords.Count; i++)
        {
            Assert.Equal(report.Submitted[i], report.Chords[i].Results.Select(r => r.TaskId).ToList());
            Assert.Equal(report.Submitted[i].Count, report.Chords[i].TaskCount);
        }

        var submitted = report.Submitted.SelectMany(ids => ids).ToHashSet();
        Assert.Equal(submitted.Count, report.TaskCount);
        var rows = run.RecordedRuns("waitinate_tasks");
        Assert.Equal(submitted, rows.Keys.ToHashSet());
        var summaries = run.RecordedRuns("summaries");
        Assert.Equal(report.Chords.Select(c => c.TaskId).ToHashSet(), summaries.Keys.ToHashSet());
        Assert.All(summaries.Values, runs => Assert.Equal(1, runs));
    }
}
