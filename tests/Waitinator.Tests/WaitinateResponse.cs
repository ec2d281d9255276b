using System.Text.Json.Serialization;

namespace Waitinator.Tests;

/// <summary>GET /waitinate's body as a client reads it, independent of the Api's own type.</summary>
internal sealed record WaitinateResponse(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("sleep_seconds")] double SleepSeconds,
    [property: JsonPropertyName("total_seconds")] double TotalSeconds,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("ended_at")] DateTimeOffset EndedAt);
