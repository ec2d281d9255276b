using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Contracts;
using Waitinator.TaskQueue.Execution;

namespace Waitinator.Worker;

/// <summary>waitinate: one GET /waitinate to the Api, recorded in SQLite and returned.</summary>
internal sealed class WaitinateTask(IHttpClientFactory http, TaskRecordStore records, WorkerOptions options, Microsoft.Extensions.Options.IOptions<TaskRecordOptions> settings) : ITaskHandler
{
    public string Name => "waitinate";

    public async ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var client = http.CreateClient(WorkerHostExtensions.ApiClientName);
        ApiAnswer answer;
        try
        {
            answer = await client.GetFromJsonAsync(new Uri("/waitinate", UriKind.Relative), WorkerJsonContext.Default.ApiAnswer, cancellationToken)
                ?? throw new InvalidOperationException("The Api answered with an empty body.");
        }
        catch (Exception exception) when (IsApiFailure(exception, cancellationToken)
            && settings.Value.ApiRetryBackoff().Next(request.Message.Headers.Retries, Random.Shared) is { } countdown)
        {
            // The Api refused, failed (5xx) or timed out: run again later, as a Celery task with autoretry_for would.
            // Once the retries are spent the exception fails the task, and its chord reports it.
            throw new TaskRetryException(countdown, exception);
        }

        var apiSeconds = clock.Elapsed.TotalSeconds;

        var worker = request.Worker;
        var result = new WaitinateResult(
            request.Id, answer.Id, answer.SleepSeconds, apiSeconds, startedAt, DateTimeOffset.UtcNow,
            worker.Name, worker.ProcessId, worker.Model, worker.Concurrency, worker.Slots);
        await records.SaveAsync(result);
        // A node that serializes the record when the result is written, not a parsed copy of it.
        return JsonValue.Create(result, WorkerJsonContext.Default.WaitinateResult);
    }

    private static bool IsApiFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>
    /// Opens the connections the slots will use (resolving the Api through service discovery) with liveness probes, all at
    /// once: over HTTP/1.1 one per slot, so a thousand tasks that start together find their connections open instead of a
    /// thousand TCP handshakes competing with the work (the pool keeps idle ones for a minute, SocketsHttpHandler's
    /// default). Over HTTP/2 the slots share connections, and a hundred probes warm the path without a burst of garbage.
    /// </summary>
    public async ValueTask WarmUpAsync(CancellationToken cancellationToken)
    {
        using var client = http.CreateClient(WorkerHostExtensions.ApiClientName);
        var slots = Math.Max(1, options.SlotsInThisProcess);
        var probes = settings.Value.ApiProtocol == ApiProtocol.Http2 ? Math.Min(slots, 100) : slots;
        await Task.WhenAll(Enumerable.Range(0, probes).Select(async _ =>
        {
            using var answer = await client.GetAsync(new Uri("/alive", UriKind.Relative), cancellationToken);
            answer.EnsureSuccessStatusCode();
        }));
        _ = JsonSerializer.SerializeToUtf8Bytes(JsonSerializer.Deserialize("""{"id":"warm-up","sleep_seconds":0}""", WorkerJsonContext.Default.ApiAnswer), WorkerJsonContext.Default.ApiAnswer);
        await records.WarmUpAsync(cancellationToken);
    }
}
