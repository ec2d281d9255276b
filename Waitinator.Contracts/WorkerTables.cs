namespace Waitinator.Contracts;

/// <summary>
/// The worker database's tables, as both engines write them (the .NET worker's record store, and the lab's Celery app
/// in celery/waitinator_celery.py, which keeps the same schema) and the reporter reads them.
/// </summary>
public static class WorkerTables
{
    /// <summary>One row per waitinate task id: its Api request, sleep, times, the process and pool that ran it, and how often it ran.</summary>
    public const string Tasks = "waitinate_tasks";

    /// <summary>One row per chord callback (summarize): its figures and its header's task ids in header order.</summary>
    public const string Summaries = "summaries";
}
