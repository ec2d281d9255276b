using System.Text.Json.Serialization;

namespace Waitinator.Contracts.Results;

/// <summary>How far the producer's chords are: header tasks whose result is stored, of those submitted.</summary>
public sealed record ProducerProgress(
    [property: JsonPropertyName("tasks_done")] int TasksDone,
    [property: JsonPropertyName("tasks")] int Tasks,
    [property: JsonPropertyName("at")] DateTimeOffset At);
