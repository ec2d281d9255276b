using System.Text.Json.Serialization;

namespace Waitinator.Contracts;

/// <summary>What a summarize task (a chord's callback) returns and records: its header's results, in header order, and their figures.</summary>
public sealed record ChordSummary(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_count")] int TaskCount,
    [property: JsonPropertyName("mean_task_seconds")] double MeanTaskSeconds,
    [property: JsonPropertyName("total_seconds")] double TotalSeconds,
    [property: JsonPropertyName("sum_sleep_seconds")] double SumSleepSeconds,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("results")] IReadOnlyList<WaitinateResult> Results)
{
    public static ChordSummary Of(string taskId, string worker, IReadOnlyList<WaitinateResult> results) => new(
        taskId,
        results.Count,
        TaskTimes.MeanSeconds(results),
        TaskTimes.TotalSeconds(results),
        results.Sum(r => r.SleepSeconds),
        worker,
        results);
}
