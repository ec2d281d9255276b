namespace Waitinator.TaskQueue.Concurrency;

/// <summary>How a worker runs its tasks: the .NET counterparts of Celery's pools.</summary>
public enum ExecutionModel
{
    /// <summary>One task at a time on one thread (Celery's solo pool).</summary>
    Solo,

    /// <summary>N OS threads, each blocked for the whole of its task (Celery's threads pool).</summary>
    Threads,

    /// <summary>N concurrent asynchronous tasks in one process, no thread held while waiting (gevent/eventlet's counterpart).</summary>
    Async,

    /// <summary>A supervisor and N child processes running one task each (Celery's prefork pool).</summary>
    Process,
}
