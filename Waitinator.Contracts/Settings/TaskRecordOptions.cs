namespace Waitinator.Contracts.Settings;

/// <summary>Where the worker's tasks record what they did (configuration section "TaskRecords").</summary>
public sealed record TaskRecordOptions
{
    public const string SectionName = "TaskRecords";

    /// <summary>The SQLite file every worker process of a run records in; rows are keyed by task id.</summary>
    public string DatabasePath { get; init; } = "waitinator-worker.db";
}
