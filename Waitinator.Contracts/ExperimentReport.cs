using System.Text.Json.Serialization;

namespace Waitinator.Contracts;

/// <summary>
/// One run of chords as the producer measured it: per chord and overall, with the ideal total for these sleeps and
/// this many slots (<see cref="TaskTimes.IdealSeconds"/>), and the worker sets that ran them ("async 3x2").
/// </summary>
public sealed record ExperimentReport(
    [property: JsonPropertyName("chords")] IReadOnlyList<ChordSummary> Chords,
    [property: JsonPropertyName("task_count")] int TaskCount,
    [property: JsonPropertyName("mean_task_seconds")] double MeanTaskSeconds,
    [property: JsonPropertyName("total_seconds")] double TotalSeconds,
    [property: JsonPropertyName("slots")] int Slots,
    [property: JsonPropertyName("ideal_seconds")] double IdealSeconds,
    [property: JsonPropertyName("lower_bound_seconds")] double LowerBoundSeconds,
    [property: JsonPropertyName("pools")] IReadOnlyList<string> Pools)
{
    /// <summary>The header task ids the producer submitted, per chord in order: each summary's results must match them.</summary>
    [JsonPropertyName("submitted")]
    public IReadOnlyList<IReadOnlyList<string>> Submitted { get; init; } = [];

    [JsonPropertyName("ratio_to_ideal")]
    public double RatioToIdeal => IdealSeconds > 0 ? TotalSeconds / IdealSeconds : 0;

    /// <param name="chords">The chords' summaries in the order they were submitted, each header's results in header order.</param>
    public static ExperimentReport Of(IReadOnlyList<ChordSummary> chords)
    {
        var results = chords.SelectMany(c => c.Results).ToList();
        var sets = WorkerSet.Of(results);
        var slots = sets.Sum(set => set.Slots);
        return new ExperimentReport(
            chords,
            results.Count,
            TaskTimes.MeanSeconds(results),
            TaskTimes.TotalSeconds(results),
            slots,
            TaskTimes.IdealSeconds([.. chords.Select(c => (IReadOnlyList<double>)[.. c.Results.Select(r => r.SleepSeconds)])], slots),
            TaskTimes.LowerBoundSeconds([.. results.Select(r => r.SleepSeconds)], slots),
            [.. sets.Select(set => set.Label)]);
    }
}
