using System.Text.Json.Serialization;

namespace Waitinator.TaskQueue.Contracts;

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
    /// <summary>Summarises header results: total time is MAX(end) - MIN(start), as the original investigation measured it.</summary>
    public static ChordSummary Of(string taskId, string worker, IReadOnlyList<WaitinateResult> results) => new(
        taskId,
        results.Count,
        results.Count == 0 ? 0 : results.Average(r => r.TaskSeconds),
        results.Count == 0 ? 0 : (results.Max(r => r.EndedAt) - results.Min(r => r.StartedAt)).TotalSeconds,
        results.Sum(r => r.SleepSeconds),
        worker,
        results);
}
