using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Waitinator.LocalLab;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The Api failing under a real worker: waitinate retries with back-off as Celery's Task.retry does (the message published
/// again with its retry count raised), and once the retries are spent the task fails and its chord reports it instead of hanging.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed partial class ApiFailureTests(LabServers servers)
{
    private static readonly Dictionary<string, string> QuickRetries = new()
    {
        ["ApiClient__RetryDelay"] = "00:00:00.100",
        ["ApiClient__RetryMaxDelay"] = "00:00:00.500",
    };

    [Fact]
    public async Task A_flaky_api_is_retried_and_every_chord_completes_with_each_task_recorded_once()
    {
        // Three requests in ten answer HTTP 500 at once.
        await using var run = await LabRun.StartAsync(servers, 0.005, apiFailureRate: 0.3);
        var worker = await run.StartWorkerAsync("Async", 16, settings: new Dictionary<string, string>(QuickRetries) { ["ApiClient__Retries"] = "20" });

        var report = await run.RunProducerAsync(TimeSpan.FromMinutes(2), 7, 3);

        Assert.Equal(10, report.TaskCount);
        Assert.All(run.RecordedRuns("waitinate_tasks").Values, runs => Assert.Equal(1, runs));
        // Each retry is logged with the retry number the republished message carries in its Celery "retries" header.
        var retries = RetryLine().Matches(worker.Output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(retries);
        Assert.Contains(1, retries);
        Assert.All(retries, retry => Assert.InRange(retry, 1, 20));
    }

    [Fact]
    public async Task When_the_api_refuses_every_call_the_tasks_fail_after_their_retries_and_the_chord_reports_it()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var worker = await run.StartWorkerAsync("Async", 16, settings: new Dictionary<string, string>(QuickRetries)
        {
            ["ApiClient__Retries"] = "2",
            ["ApiClient__BaseAddress"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
        });

        var (exitCode, output) = await run.RunProducerToEndAsync(TimeSpan.FromMinutes(1), 3);

        Assert.True(exitCode == 1, output);
        Assert.Contains("ChordError", output, StringComparison.Ordinal);
        Assert.Contains("FAILURE", output, StringComparison.Ordinal);
        // Three tasks, two retries each, then the failure: no more, no fewer.
        Assert.Equal(6, RetryLine().Matches(worker.Output).Count);
        Assert.Equal(3, RetryLine().Matches(worker.Output).Count(m => m.Groups[1].Value == "2"));

        var ids = Regex.Matches(output, @"Dependency ([0-9a-f-]{36}) raised").Select(m => m.Groups[1].Value).ToList();
        var failed = Assert.Single(ids);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var result = await new RedisResultBackend(redis, TimeSpan.FromDays(1)).GetAsync(failed);
        Assert.Equal(TaskStates.Failure, result?.Status);
        Assert.Contains("HttpRequestException", result!.Result!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_answering_404_fails_each_task_at_once_without_retrying_and_the_chord_reports_it()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var asked = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{LoopbackPorts.Free()}");
        builder.Logging.ClearProviders();
        await using var api = builder.Build();
        api.MapGet("/alive", () => "alive");
        api.MapGet("/waitinate", () =>
        {
            Interlocked.Increment(ref asked);
            return Results.NotFound();
        });
        await api.StartAsync();
        var worker = await run.StartWorkerAsync("Async", 16, settings: new Dictionary<string, string>(QuickRetries)
        {
            ["ApiClient__Retries"] = "2",
            ["ApiClient__BaseAddress"] = api.Urls.Single(),
        });

        var (exitCode, output) = await run.RunProducerToEndAsync(TimeSpan.FromMinutes(1), 3);

        Assert.True(exitCode == 1, output);
        Assert.Contains("ChordError", output, StringComparison.Ordinal);
        // Asking again gets the same answer: each task asked once, and failed.
        Assert.Empty(RetryLine().Matches(worker.Output));
        Assert.Equal(3, asked);
        var failed = Assert.Single(Regex.Matches(output, @"Dependency ([0-9a-f-]{36}) raised").Select(m => m.Groups[1].Value));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var result = await new RedisResultBackend(redis, TimeSpan.FromDays(1)).GetAsync(failed);
        Assert.Equal(TaskStates.Failure, result?.Status);
        Assert.Contains("404", result!.Result!.ToJsonString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"retry (\d+) in \d+\.\d s")]
    private static partial Regex RetryLine();
}
