using System.Globalization;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Waitinator.LocalLab;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// Celery's message fields a .NET worker must honour as a Celery worker does, sent by Python Celery's own client:
/// chain, link and link_error continue where Celery continues; time limits end the task; an eta task waits without
/// taking the slot.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed class CeleryFieldsTests(LabServers servers)
{
    private static readonly Dictionary<string, string> AllQueues = new()
    {
        ["Worker__Queues__0"] = "waitinate",
        ["Worker__Queues__1"] = "summarize",
        ["Worker__Queues__2"] = "noop",
    };

    private const string Client = """
        import json, sys, uuid
        from celery import chain
        from celery.result import AsyncResult
        from waitinator_celery import app, noop, summarize, waitinate

        def outcome(task_id, timeout=20):
            result = AsyncResult(task_id, app=app)
            try:
                result.get(timeout=timeout, propagate=False)
            except Exception as error:
                return {"state": "no result: " + type(error).__name__}
            meta = app.backend.get_task_meta(task_id)
            return {"state": result.state, "error": type(result.result).__name__ if result.failed() else None, "parent_id": meta.get("parent_id")}

        checks = {}
        steps = chain(waitinate.si(), noop.s()).apply_async()
        checks["chain"] = dict(outcome(steps.id), parent=steps.parent.id)
        linked = str(uuid.uuid4())
        first = waitinate.apply_async(link=noop.si().set(task_id=linked))
        checks["link"] = dict(outcome(linked), parent=first.id)
        errback = str(uuid.uuid4())
        failing = summarize.apply_async(args=([1, 2],), link_error=noop.si().set(task_id=errback))
        checks["link_error"] = dict(outcome(errback), parent=failing.id)
        checks["time_limit"] = outcome(waitinate.apply_async(time_limit=0.3).id)
        checks["soft_time_limit"] = outcome(waitinate.apply_async(soft_time_limit=0.3).id)
        print(json.dumps(checks), flush=True)
        """;

    [Fact]
    public async Task Chain_link_link_error_and_time_limits_sent_by_Python_Celery_are_honoured_by_the_dotnet_worker()
    {
        // A task sleeps 0.9-1.05 s: longer than the time limits of 0.3 s.
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var worker = await run.StartWorkerAsync("Async", 8, acks: "Late", settings: AllQueues);

        await using var client = ChildProcess.Start("/usr/bin/python3", ["-c", Client], run.CeleryEnvironment(), Repository.CeleryApp);
        var exitCode = await client.WaitForExitAsync(TimeSpan.FromMinutes(3));
        var line = client.Output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        Assert.True(exitCode == 0 && line is not null, $"Celery's client failed:\n{client.Output}\nWorker:\n{worker.Output}");
        var checks = JsonNode.Parse(line)!;
        var context = $"{line}\nWorker:\n{worker.Output}";

        // The next step of the chain ran, applied by the first.
        Assert.True(State(checks, "chain") == "SUCCESS" && checks["chain"]!["parent_id"]?.GetValue<string>() == checks["chain"]!["parent"]!.GetValue<string>(), context);
        Assert.True(State(checks, "link") == "SUCCESS" && checks["link"]!["parent_id"]?.GetValue<string>() == checks["link"]!["parent"]!.GetValue<string>(), context);
        Assert.True(State(checks, "link_error") == "SUCCESS" && checks["link_error"]!["parent_id"]?.GetValue<string>() == checks["link_error"]!["parent"]!.GetValue<string>(), context);
        Assert.True(State(checks, "time_limit") == "FAILURE" && checks["time_limit"]!["error"]!.GetValue<string>() == "TimeLimitExceeded", context);
        Assert.True(State(checks, "soft_time_limit") == "FAILURE" && checks["soft_time_limit"]!["error"]!.GetValue<string>() == "SoftTimeLimitExceeded", context);
    }

    [Fact]
    public async Task A_task_waiting_for_its_eta_leaves_a_solo_worker_free_for_other_tasks()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var worker = await run.StartWorkerAsync("Solo", 1, acks: "Late", settings: AllQueues);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var results = new RedisResultBackend(redis, TimeSpan.FromDays(1));
        var (later, now) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var eta = DateTimeOffset.UtcNow.AddSeconds(8);
        var delayed = CeleryMessages.Headers("noop", later);
        delayed["eta"] = eta.ToString("O", CultureInfo.InvariantCulture);
        var body = $"[[], {{}}, {CeleryMessages.EmptyEmbed}]";

        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, ("noop", delayed, body), ("noop", CeleryMessages.Headers("noop", now), body));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await results.WaitAsync(now, patience.Token);
        var second = await results.WaitAsync(later, patience.Token);

        Assert.Equal(TaskStates.Success, first.Status);
        Assert.Equal(TaskStates.Success, second.Status);
        Assert.True(first.DateDone < eta.UtcDateTime, $"The task behind the eta task ran at {first.DateDone:O}, after the eta {eta:O}: it waited for the slot. Worker:\n{worker.Output}");
        Assert.True(second.DateDone >= eta.UtcDateTime, $"The eta task ran at {second.DateDone:O}, before its eta {eta:O}.");
    }

    private static string? State(JsonNode checks, string check) => checks[check]?["state"]?.GetValue<string>();
}
