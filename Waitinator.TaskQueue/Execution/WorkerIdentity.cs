namespace Waitinator.TaskQueue.Execution;

/// <summary>Who ran a task, as recorded beside its result: Celery's hostname, the process, the model and its concurrency.</summary>
public sealed record WorkerIdentity(string Name, int ProcessId, string Model, int Concurrency, int Slots)
{
    public static WorkerIdentity For(WorkerOptions options)
    {
        var pid = Environment.ProcessId;
        var child = options.SupervisorProcessId is not null;
        var model = child ? ExecutionModel.Process : options.ExecutionModel;
        return new WorkerIdentity(
            $"{model.ToString().ToLowerInvariant()}-{pid}@{Environment.MachineName}",
            pid,
            model.ToString().ToLowerInvariant(),
            child ? options.SupervisorConcurrency ?? 1 : options.Concurrency,
            child ? 1 : options.SlotsInThisProcess);
    }
}
