namespace Waitinator.Api;

/// <summary>One answered GET /waitinate: the row in SQLite and the JSON body alike.</summary>
public sealed record WaitinateRecord(
    Guid Id,
    double SleepSeconds,
    double TotalSeconds,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt);
