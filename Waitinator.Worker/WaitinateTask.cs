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
        return JsonSerializer.SerializeToNode(result, WorkerJsonContext.Default.WaitinateResult);
    }

    private static bool IsApiFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>
    /// Opens a pooled connection to the Api for every slot (resolving it through service discovery) with its liveness
    /// probe, all at once: a thousand tasks that start together then find their connections open, instead of a thousand
    /// TCP handshakes competing with the work. The pool keeps idle connections for a minute (SocketsHttpHandler's default).
    /// </summary>
    public async ValueTask WarmUpAsync(CancellationToken cancellationToken)
    {
        using var client = http.CreateClient(WorkerHostExtensions.ApiClientName);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.SlotsInThisProcess)).Select(async _ =>
        {
            using var answer = await client.GetAsync(new Uri("/alive", UriKind.Relative), cancellationToken);
            answer.EnsureSuccessStatusCode();
        }));
        _ = JsonSerializer.SerializeToNode(JsonSerializer.Deserialize("""{"id":"warm-up","sleep_seconds":0}""", WorkerJsonContext.Default.ApiAnswer), WorkerJsonContext.Default.ApiAnswer);
        await records.WarmUpAsync(cancellationToken);
    }
}
