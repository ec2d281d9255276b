using System.Text.Json;
using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.LocalLab;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// Chords waiting on a task that can never run (an unregistered name, a header or a callback too large for the worker)
/// against a real worker: each ends, its callback failing with Celery's ChordError naming the task, or its client
/// reading a FAILURE, instead of waiting forever.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed class ChordFailureTests(LabServers servers)
{
    [Fact]
    public async Task A_chord_with_an_unregistered_header_task_fails_with_a_ChordError_naming_it()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        await run.StartWorkerAsync("Async", 4, acks: "Late");
        var (group, callback) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var (known, unknown) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        var result = await RunChordAsync(group, callback,
            ("waitinate", CeleryMessages.ChordHeaders("waitinate", known, group, 0), CeleryMessages.ChordBody(callback)),
            ("waitinate", CeleryMessages.ChordHeaders("no_such_task", unknown, group, 1), CeleryMessages.ChordBody(callback)));

        AssertChordErrorNaming(result, unknown);
    }

    [Fact]
    public async Task A_chord_whose_header_task_is_over_the_message_limit_fails_with_a_ChordError_naming_it()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        await run.StartWorkerAsync("Async", 4, acks: "Late", settings: new Dictionary<string, string> { ["Worker__MaxMessageBytes"] = "4096" });
        var (group, callback) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var (small, large) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        var result = await RunChordAsync(group, callback,
            ("waitinate", CeleryMessages.ChordHeaders("waitinate", small, group, 0), CeleryMessages.ChordBody(callback)),
            ("waitinate", CeleryMessages.ChordHeaders("waitinate", large, group, 1), CeleryMessages.ChordBody(callback, $"[\"{new string('x', 5000)}\"]")));

        AssertChordErrorNaming(result, large);
    }

    [Fact]
    public async Task A_callback_over_the_message_limit_is_dead_lettered_and_its_client_reads_a_FAILURE()
    {
        // Seven results of some 300 bytes each make a callback over 1 KB, where each header task's message is far under it.
        await using var run = await LabRun.StartAsync(servers, 0.005);
        await run.StartWorkerAsync("Async", 8, acks: "Late", settings: new Dictionary<string, string> { ["Worker__MaxMessageBytes"] = "1024" });

        var (exitCode, output) = await run.RunProducerToEndAsync(TimeSpan.FromMinutes(1), 7);

        Assert.True(exitCode == 1, $"The producer exited with {exitCode}. Output:\n{output}");
        Assert.Contains("is FAILURE", output, StringComparison.Ordinal);
        Assert.Contains("message_too_large", output, StringComparison.Ordinal);
        var dead = Assert.Single(await DeadLetter.ReadAsync(servers.BrokerConnectionString, 1));
        Assert.Equal("message_too_large", dead.ErrorType);
        Assert.Equal("summarize", dead.Queue);
    }

    private async Task<TaskResult> RunChordAsync(string group, string callback, params (string Queue, Dictionary<string, object?> Headers, string Body)[] headerTasks)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var results = new RedisResultBackend(redis, TimeSpan.FromDays(1));
        await results.SetChordSizeAsync(group, headerTasks.Length);
        await CeleryMessages.PublishAsync(servers.BrokerConnectionString, headerTasks);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return await results.WaitAsync(callback, patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The chord's callback {callback} has no result after 30 s: the chord hangs.");
        }
    }

    private static void AssertChordErrorNaming(TaskResult result, string task)
    {
        Assert.Equal(TaskStates.Failure, result.Status);
        var error = result.Result!.AsObject();
        Assert.Equal("ChordError", error["exc_type"]!.GetValue<string>());
        Assert.Contains($"Dependency {task} raised", error["exc_message"]!.ToJsonString(new JsonSerializerOptions()), StringComparison.Ordinal);
    }
}
