namespace Waitinator.FaultCampaign.Checking;

/// <summary>A waitinate task's row in the workers' SQLite file.</summary>
public sealed record TaskRow(string TaskId, string RequestId, DateTimeOffset EndedAt, long Runs);
