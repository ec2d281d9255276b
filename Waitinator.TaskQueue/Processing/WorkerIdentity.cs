using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Hosting;

namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// Who ran a task, as recorded beside its result: Celery's hostname, the process, the model, its concurrency and the
/// slots of the worker. A process-model child reports its supervisor's name and slots, as prefork children share
/// their worker's hostname, so that a pool counts once.
/// </summary>
public sealed record WorkerIdentity(string Name, int ProcessId, string Model, int Concurrency, int Slots)
{
    public static WorkerIdentity For(WorkerOptions options)
    {
        if (options.SupervisorProcessId is { } supervisor)
        {
            var size = options.SupervisorConcurrency ?? 1;
            return new WorkerIdentity(NameOf(ExecutionModel.Process, supervisor), Environment.ProcessId, Lower(ExecutionModel.Process), size, size);
        }

        return new WorkerIdentity(
            NameOf(options.ExecutionModel, Environment.ProcessId),
            Environment.ProcessId,
            Lower(options.ExecutionModel),
            options.Concurrency,
            options.SlotsInThisProcess);
    }

    private static string NameOf(ExecutionModel model, int pid) => $"{Lower(model)}-{pid}@{Environment.MachineName}";

    private static string Lower(ExecutionModel model) => model.ToString().ToLowerInvariant();
}
