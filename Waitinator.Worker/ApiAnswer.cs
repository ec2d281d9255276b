using System.Text.Json.Serialization;

namespace Waitinator.Worker;

/// <summary>The part of the Api's answer a waitinate task keeps.</summary>
internal sealed record ApiAnswer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("sleep_seconds")] double SleepSeconds);
