namespace Waitinator.TaskQueue.Protocol;

/// <summary>Celery's task states (celery/states.py) that the engine writes and reads.</summary>
public static class TaskStates
{
    public const string Pending = "PENDING";
    public const string Retry = "RETRY";
    public const string Failure = "FAILURE";
    public const string Success = "SUCCESS";
    public const string Revoked = "REVOKED";

    /// <summary>Celery's READY_STATES: the task will not run (again).</summary>
    public static bool IsReady(string state) => state is Success or Failure or Revoked;
}
