using System.Text.Json.Nodes;
using StackExchange.Redis;
using Waitinator.LocalLab;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The windows where a task's message exists twice, each opened on purpose against a real worker: a chord's header task
/// delivered again after its chord fired, a callback published twice, a duplicate that fails where the first run
/// succeeded. One callback per chord, and a stored SUCCESS never overwritten, whatever is redelivered or republished.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed class RunOnceTests(LabServers servers)
{
    [Fact]
    public async Task A_header_task_delivered_again_after_its_chord_fired_and_before_it_was_forgotten_does_not_run_the_callback_again()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var worker = await run.StartWorkerAsync("Async", 4, acks: "Late");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var results = new RedisResultBackend(redis, TimeSpan.FromDays(1));
        var (group, callback, header) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await results.SetChordSizeAsync(group, 1);
        var body = CeleryMessages.ChordBody(callback);
        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, ("waitinate", CeleryMessages.ChordHeaders("waitinate", header, group, 0), body));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var fired = await results.WaitAsync(callback, patience.Token);
        Assert.Equal(TaskStates.Success, fired.Status);

        // The chord as it stood between its callback's publish and its forgetting (the header's worker died there, or
        // Redis was away longer than the tolerance): its size and its one part are still in Redis ...
        var database = redis.GetDatabase();
        var part = await results.GetAsync(header);
        await database.StringSetAsync(RedisResultBackend.GroupKey(group, ".s"), 1);
        await database.SortedSetAddAsync(RedisResultBackend.GroupKey(group, ".j"), new JsonArray(1, header, TaskStates.Success, part!.Result?.DeepClone()).ToJsonString(), 0);
        // ... and the header task comes again, as RabbitMQ delivers it again when its worker died before acknowledging it.
        var again = CeleryMessages.ChordHeaders("waitinate", header, group, 0);
        again["waitinator_republished"] = true;
        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, ("waitinate", again, body));

        await Eventually.WaitUntilAsync(
            () => Runs(run, callback) > 1 || worker.Output.Contains($"summarize[{callback}] runs once and has run already", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            () => worker.Output);
        Assert.True(Runs(run, callback) == 1, $"The callback ran {Runs(run, callback)} times. Worker:\n{worker.Output}");
        var stored = await results.GetAsync(callback);
        Assert.Equal(TaskStates.Success, stored!.Status);
        Assert.Equal(fired.DateDone, stored.DateDone);
    }

    [Fact]
    public async Task A_run_once_message_published_twice_runs_once_though_two_process_model_children_take_its_copies()
    {
        // A task sleeps 3.6-4.2 s: both children hold a copy at once.
        await using var run = await LabRun.StartAsync(servers, 0.02);
        var worker = await run.StartWorkerAsync("Process", 2, acks: "Late");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var results = new RedisResultBackend(redis, TimeSpan.FromDays(1));
        var id = Guid.NewGuid().ToString();
        // What the engine's publisher leaves on the queue when a confirm is lost with the connection: the first attempt as
        // sent, and the one after the drop marked as a copy; both marked run-once, as the engine marks every callback.
        var first = CeleryMessages.Headers("waitinate", id);
        first["waitinator_run_once"] = true;
        var second = new Dictionary<string, object?>(first) { ["waitinator_republished"] = true };
        var body = $"[[], {{}}, {CeleryMessages.EmptyEmbed}]";
        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, ("waitinate", first, body), ("waitinate", second, body));

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal(TaskStates.Success, (await results.WaitAsync(id, patience.Token)).Status);
        await Eventually.WaitUntilAsync(
            () => run.RecordedRuns("waitinate_tasks").GetValueOrDefault(id) > 1 || worker.Output.Contains($"waitinate[{id}] runs once and has run already", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            () => worker.Output);
        Assert.True(run.RecordedRuns("waitinate_tasks")[id] == 1, $"The task ran {run.RecordedRuns("waitinate_tasks")[id]} times. Worker:\n{worker.Output}");
    }

    [Fact]
    public async Task A_duplicate_that_fails_on_another_worker_leaves_the_stored_success_as_it_was()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var good = await run.StartWorkerAsync("Async", 4, acks: "Late");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var results = new RedisResultBackend(redis, TimeSpan.FromDays(1));
        var id = Guid.NewGuid().ToString();
        var message = ("waitinate", CeleryMessages.Headers("waitinate", id), $"[[], {{}}, {CeleryMessages.EmptyEmbed}]");
        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, message);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var succeeded = await results.WaitAsync(id, patience.Token);
        Assert.Equal(TaskStates.Success, succeeded.Status);
        good.Terminate();
        Assert.Equal(0, await good.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        // A second copy (a producer's publish sent again after a lost confirm, its first copy unmarked) reaches a worker
        // whose Api refuses every call: this run fails, and must not replace the SUCCESS.
        var broken = await run.StartWorkerAsync("Async", 4, acks: "Late", settings: new Dictionary<string, string>
        {
            ["ApiClient__BaseAddress"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            ["ApiClient__Retries"] = "0",
        });
        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, message);
        await Eventually.WaitUntilAsync(() => broken.Output.Contains($"waitinate[{id}] failed", StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => broken.Output);

        // The result is stored right after the failure is logged: watch it for a while.
        for (var check = 0; check < 20; check++)
        {
            var stored = await results.GetAsync(id);
            Assert.True(stored!.Status == TaskStates.Success && stored.DateDone == succeeded.DateDone,
                $"The stored result is now {stored.Status} of {stored.DateDone:O}, not the SUCCESS of {succeeded.DateDone:O}. Worker:\n{broken.Output}");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task A_duplicate_that_succeeds_after_its_chord_counted_the_failure_leaves_the_failure_and_the_ChordError_in_agreement()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        // The Api refuses every call: the header task fails, and its chord fails naming it.
        var broken = await run.StartWorkerAsync("Async", 4, acks: "Late", settings: new Dictionary<string, string>
        {
            ["ApiClient__BaseAddress"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            ["ApiClient__Retries"] = "0",
        });
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var results = new RedisResultBackend(redis, TimeSpan.FromDays(1));
        var (group, callback, header) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await results.SetChordSizeAsync(group, 1);
        var body = CeleryMessages.ChordBody(callback);
        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, ("waitinate", CeleryMessages.ChordHeaders("waitinate", header, group, 0), body));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var chordError = await results.WaitAsync(callback, patience.Token);
        Assert.Equal(TaskStates.Failure, chordError.Status);
        var failed = await results.GetAsync(header);
        Assert.Equal(TaskStates.Failure, failed!.Status);
        broken.Terminate();
        Assert.Equal(0, await broken.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        // Two more copies reach a worker whose Api answers: one delivered again (its worker died before acknowledging it),
        // and one the producer's publish left unmarked.
        var good = await run.StartWorkerAsync("Async", 4, acks: "Late");
        var again = CeleryMessages.ChordHeaders("waitinate", header, group, 0);
        again["waitinator_republished"] = true;
        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, ("waitinate", again, body));
        await Task.Delay(TimeSpan.FromSeconds(3));
        // The unmarked one runs (nothing tells it is a copy) and succeeds; its result must not replace the FAILURE.
        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, ("waitinate", CeleryMessages.ChordHeaders("waitinate", header, group, 0), body));
        await Eventually.WaitUntilAsync(() => run.RecordedRuns("waitinate_tasks").ContainsKey(header), TimeSpan.FromSeconds(30), () => good.Output);
        for (var check = 0; check < 20; check++)
        {
            var stored = await results.GetAsync(header);
            Assert.True(stored!.Status == TaskStates.Failure && stored.DateDone == failed.DateDone,
                $"The header task the ChordError names is now {stored.Status}, not the FAILURE its chord counted. Worker:\n{good.Output}");
            await Task.Delay(250);
        }

        Assert.Equal(chordError.DateDone, (await results.GetAsync(callback))!.DateDone);
    }

    private static long Runs(LabRun run, string callback) => run.RecordedRuns("summaries").GetValueOrDefault(callback);
}
