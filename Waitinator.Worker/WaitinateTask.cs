using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waitinator.Contracts;
using Waitinator.Contracts.Settings;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.Worker;

/// <summary>
/// waitinate: one GET /waitinate to the Api, recorded in SQLite and returned. Called with a number of seconds (the first
/// argument, or sleep_seconds=), it asks the Api to sleep that long instead of a random while (the benchmark's long and
/// short tasks).
/// </summary>
internal sealed class WaitinateTask(IHttpClientFactory http, TaskRecordStore records, WorkerOptions options, Microsoft.Extensions.Options.IOptions<ApiClientOptions> settings) : ITaskHandler
{
    // One client and one request address for the task's life, not a client, its cancellation source and an address
    // combined again per call, held by every task in flight (docs/performance.md). The handler under the client stays
    // current through service discovery, which resolves the Api on every request.
    private readonly Lazy<(HttpClient Client, Uri Waitinate)> _api = new(() =>
    {
        var client = http.CreateClient(WorkerHostExtensions.ApiClientName);
        return (client, new Uri(client.BaseAddress!, "/waitinate"));
    });

    public string Name => "waitinate";

    public async ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var (client, waitinate) = _api.Value;
        if (AskedSleep(request) is { } asked)
        {
            waitinate = new Uri(waitinate, $"?sleep_seconds={asked.ToString("R", CultureInfo.InvariantCulture)}");
        }

        ApiAnswer answer;
        try
        {
            // The whole answer is read before it is parsed: parsing from the response stream would hold the serializer's
            // 16 KB buffer until HTTP/2's end-of-stream frame, which comes after the data (docs/performance.md).
            using var response = await client.GetAsync(waitinate, HttpCompletionOption.ResponseContentRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            answer = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(cancellationToken), WorkerJsonContext.Default.ApiAnswer)
                ?? throw new InvalidOperationException("The Api answered with an empty body.");
        }
        catch (Exception exception) when (IsPassingApiFailure(exception, cancellationToken)
            && settings.Value.RetryBackoff().Next(request.Message.Headers.Retries, Random.Shared) is { } countdown)
        {
            // The Api refused, failed (5xx) or timed out: run again later, as a Celery task with autoretry_for would.
            // Once the retries are spent the exception fails the task, and its chord reports it.
            throw new TaskRetryException(countdown, exception);
        }

        var apiSeconds = clock.Elapsed.TotalSeconds;

        var worker = request.Worker;
        var result = new WaitinateResult(
            request.Id, answer.Id, answer.SleepSeconds, apiSeconds, startedAt, DateTimeOffset.UtcNow,
            worker.Name, worker.ProcessId, worker.Model, worker.Concurrency, worker.Slots)
        {
            PublishedAt = request.Message.Headers.SentAt,
        };
        await records.SaveAsync(result);
        // A node that serializes the record when the result is written, not a parsed copy of it.
        return JsonValue.Create(result, WorkerJsonContext.Default.WaitinateResult);
    }

    /// <summary>The sleep the caller asked for, or null for the Api's random one; anything but a number from 0 to a day is refused.</summary>
    private static double? AskedSleep(TaskRequest request)
    {
        var node = request.Message.Kwargs.TryGetPropertyValue("sleep_seconds", out var named) ? named
            : request.Message.Args.Count > 0 ? request.Message.Args[0]
            : null;
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<double>(out var seconds) && double.IsFinite(seconds) && seconds is >= 0 and <= LongestSleepSeconds)
        {
            return seconds;
        }

        throw new TaskRejectedException($"waitinate's sleep_seconds must be a number of seconds from 0 to {LongestSleepSeconds} (got {node.ToJsonString()}).");
    }

    private const double LongestSleepSeconds = 86_400;


    /// <summary>
    /// A failure that may pass: no connection, a 5xx, a timeout (the client's, or the Api's 408), or 429 (too many
    /// requests). Any other answer (a 4xx: the request itself is wrong) fails the task at once: asking again gets the same.
    /// </summary>
    private static bool IsPassingApiFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: var status } => (int)status! >= 500 || status is System.Net.HttpStatusCode.RequestTimeout or System.Net.HttpStatusCode.TooManyRequests,
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// Opens the connections the slots will use (resolving the Api through service discovery) with liveness probes, all at
    /// once: over HTTP/1.1 one per slot, so a thousand tasks that start together find their connections open instead of a
    /// thousand TCP handshakes competing with the work (the pool keeps idle ones for a minute, SocketsHttpHandler's
    /// default). Over HTTP/2 the slots share connections, and a hundred probes warm the path without a burst of garbage.
    /// </summary>
    public async ValueTask WarmUpAsync(CancellationToken cancellationToken)
    {
        var client = _api.Value.Client;
        var slots = Math.Max(1, options.SlotsInThisProcess);
        var probes = settings.Value.Protocol == ApiProtocol.Http2 ? Math.Min(slots, 100) : slots;
        await Task.WhenAll(Enumerable.Range(0, probes).Select(async _ =>
        {
            using var answer = await client.GetAsync(new Uri("/alive", UriKind.Relative), cancellationToken);
            answer.EnsureSuccessStatusCode();
        }));
        _ = JsonSerializer.SerializeToUtf8Bytes(JsonSerializer.Deserialize("""{"id":"warm-up","sleep_seconds":0}""", WorkerJsonContext.Default.ApiAnswer), WorkerJsonContext.Default.ApiAnswer);
        await records.WarmUpAsync(cancellationToken);
    }
}
