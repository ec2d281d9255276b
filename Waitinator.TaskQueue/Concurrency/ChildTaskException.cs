namespace Waitinator.TaskQueue.Concurrency;

/// <summary>
/// What a task threw in a process-model child, carried to the supervisor: its message names the child's exception type,
/// and its text is the child's stack trace, which is what the task's FAILURE result and the log show.
/// </summary>
internal sealed class ChildTaskException(string type, string message, string? traceback) : Exception($"{type}: {message}")
{
    public string ChildType { get; } = type;

    public override string ToString() => traceback ?? base.ToString();
}
