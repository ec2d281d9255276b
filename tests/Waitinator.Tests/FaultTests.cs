using System.Text.RegularExpressions;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The faults users of queues meet in production, each against real servers: a worker killed with early acks, RabbitMQ
/// and Redis restarted mid-run. The lab must lose nothing it promised to keep, run no task twice, and say what it lost.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed partial class FaultTests(LabServers servers)
{
    // 180-210 s at 0.02: a task sleeps 3.6-4.2 s, long enough to fail a server under it.
    private const double TimeScale = 0.02;

    [Fact]
    public async Task A_worker_killed_with_early_acks_loses_its_running_tasks_and_the_producer_names_them()
    {
        await using var run = await LabRun.StartAsync(servers, TimeScale);
        var doomed = await run.StartWorkerAsync("Async", 4, acks: "Early");
        var producing = run.RunProducerToEndAsync(TimeSpan.FromSeconds(40), 7, 3);

        await Eventually.WaitUntilAsync(() => run.Api.InFlight >= 4, TimeSpan.FromSeconds(60), () => doomed.Output);
        doomed.KillHard();
        // The six tasks still in the queue run on a second worker; the four the first had acknowledged are gone.
        await run.StartWorkerAsync("Async", 16, acks: "Early");
        var (exitCode, output) = await producing;

        Assert.True(exitCode == 1, $"The producer exited with {exitCode}. Output:\n{output}");
        var named = MissingTasks().Matches(output).SelectMany(m => m.Groups["ids"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        var recorded = run.RecordedRuns("waitinate_tasks");
        Assert.Equal(6, recorded.Count);
        Assert.Equal(4, named.Count);
        Assert.Empty(named.Intersect(recorded.Keys));
        Assert.All(recorded.Values, runs => Assert.Equal(1, runs));
    }

    [Theory]
    [InlineData("Early")]
    [InlineData("Late")]
    public async Task RabbitMQ_restarted_mid_run_loses_nothing_and_runs_nothing_twice(string acks)
    {
        await using var run = await LabRun.StartAsync(servers, TimeScale);
        // Prefetch 2: besides the running tasks, unstarted ones sit in the worker when the broker goes.
        var worker = await run.StartWorkerAsync("Async", 4, acks: acks, prefetchMultiplier: 2);
        var producing = run.RunProducerAsync(TimeSpan.FromMinutes(3), 7, 3);

        await Eventually.WaitUntilAsync(() => run.Api.InFlight >= 4, TimeSpan.FromSeconds(60), () => worker.Output);
        await servers.StopBrokerAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await servers.StartBrokerAsync();
        var report = await producing;

        TaskEngineTests.AssertChordsComplete(report, run);
        Assert.All(run.RecordedRuns("waitinate_tasks").Values, runs => Assert.Equal(1, runs));
        Assert.False(worker.HasExited, $"The worker died. Output:\n{worker.Output}");
        Assert.Contains("Connection recovery completed", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_restarted_mid_run_keeps_chord_state_and_loses_nothing()
    {
        await using var run = await LabRun.StartAsync(servers, TimeScale);
        var worker = await run.StartWorkerAsync("Async", 16, acks: "Late");
        var producing = run.RunProducerAsync(TimeSpan.FromMinutes(3), 7, 3);

        await Eventually.WaitUntilAsync(() => run.Api.InFlight >= 10, TimeSpan.FromSeconds(60), () => worker.Output);
        await servers.StopBackendAsync();
        // Down until the tasks end: every result, chord count and callback has to wait for Redis.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(0, run.Api.InFlight);
        await servers.StartBackendAsync();
        var report = await producing;

        TaskEngineTests.AssertChordsComplete(report, run);
        Assert.All(run.RecordedRuns("waitinate_tasks").Values, runs => Assert.Equal(1, runs));
    }

    [GeneratedRegex(@"header tasks without a result \([^)]*\): (?<ids>[0-9a-f, -]*)")]
    private static partial Regex MissingTasks();
}
