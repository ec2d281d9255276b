using Microsoft.Extensions.DependencyInjection;
using Waitinator.TaskQueue.Hosting;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>The one place an execution model becomes its pool, and what each model means for the processes that run it.</summary>
internal static class ExecutionPools
{
    internal static IExecutionPool Create(WorkerOptions options, IServiceProvider services) => options.ExecutionModel switch
    {
        ExecutionModel.Solo => new SoloPool(),
        ExecutionModel.Threads => new ThreadsPool(options.Concurrency),
        ExecutionModel.Async => ActivatorUtilities.CreateInstance<AsyncPool>(services, options.Concurrency),
        ExecutionModel.Process => ActivatorUtilities.CreateInstance<ProcessPool>(services, options.Concurrency),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.ExecutionModel, "Not an execution model."),
    };

    /// <summary>Tasks one process runs at once: Solo one; a process pool's supervisor none, as each of its children runs one.</summary>
    internal static int SlotsInThisProcess(ExecutionModel model, int concurrency) => model switch
    {
        ExecutionModel.Solo => 1,
        ExecutionModel.Process => 0,
        _ => concurrency,
    };

    /// <summary>Processes of one worker that consume the queues: the children in the process model, else the one process.</summary>
    internal static int ConsumingProcesses(ExecutionModel model, int concurrency) => model == ExecutionModel.Process ? concurrency : 1;

    /// <summary>How much longer than the warm-shutdown grace the host waits: a process pool's supervisor outlasts its children.</summary>
    internal static TimeSpan StopMargin(ExecutionModel model) => model == ExecutionModel.Process ? ProcessPool.StopMargin : TimeSpan.Zero;
}
