using System.Text.Json.Serialization;

namespace Waitinator.Contracts;

/// <summary>What a waitinate task returns and records: the Api request it made and who ran it, when it was published, started and ended.</summary>
public sealed record WaitinateResult(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("sleep_seconds")] double SleepSeconds,
    [property: JsonPropertyName("api_seconds")] double ApiSeconds,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("ended_at")] DateTimeOffset EndedAt,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("pid")] int ProcessId,
    [property: JsonPropertyName("pool")] string Pool,
    [property: JsonPropertyName("concurrency")] int Concurrency,
    [property: JsonPropertyName("slots")] int Slots)
{
    /// <summary>
    /// When the producer published the task (its message's waitinator_sent_at header), so that started_at - published_at
    /// is the time it waited in the broker's queue and the worker's prefetch buffer; null for a message sent without it.
    /// </summary>
    [JsonPropertyName("published_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Derived from the timestamps, so it is not part of the result a Celery peer reads.</summary>
    [JsonIgnore]
    public double TaskSeconds => (EndedAt - StartedAt).TotalSeconds;
}
