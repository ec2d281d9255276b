namespace Waitinator.Worker;

/// <summary>Where the worker's tasks find the Api and record what they did (configuration section "Worker").</summary>
public sealed record TaskRecordOptions
{
    public const string SectionName = "Worker";

    /// <summary>The SQLite file every worker process of a run records in; rows are keyed by task id.</summary>
    public string DatabasePath { get; init; } = "waitinator-worker.db";

    /// <summary>The Api, through Aspire service discovery by default.</summary>
    public string ApiBaseAddress { get; init; } = "https+http://api";

    /// <summary>How long one call to the Api may take: longer than the longest sleep.</summary>
    public TimeSpan ApiTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
