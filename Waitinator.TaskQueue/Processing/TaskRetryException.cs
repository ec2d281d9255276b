namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// Thrown by a handler to run the task again after <paramref name="countdown"/>, as Celery's Task.retry does: the worker
/// publishes the message again with its retry count raised and an eta, then acknowledges this delivery.
/// </summary>
public sealed class TaskRetryException(TimeSpan countdown, Exception cause)
    : Exception($"Retry in {countdown.TotalSeconds:F1} s: {cause.Message}", cause)
{
    public TimeSpan Countdown { get; } = countdown;
}
