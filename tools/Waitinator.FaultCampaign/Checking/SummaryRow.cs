namespace Waitinator.FaultCampaign.Checking;

/// <summary>A summarize task's (a chord callback's) row in the workers' SQLite file.</summary>
public sealed record SummaryRow(string TaskId, long Runs, IReadOnlyList<string> HeaderTaskIds, DateTimeOffset RecordedAt);
