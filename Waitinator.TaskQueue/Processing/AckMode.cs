namespace Waitinator.TaskQueue.Processing;

public enum AckMode
{
    /// <summary>Acknowledge when the task starts (Celery's default): a worker lost mid-task loses the task.</summary>
    Early,

    /// <summary>Acknowledge when the task has finished and its result is stored (acks_late): a lost task is redelivered.</summary>
    Late,
}
