using Microsoft.Extensions.DependencyInjection;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;

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

    /// <summary>Tasks one worker runs at once: Solo one; a process pool's supervisor one in each child.</summary>
    internal static int SlotsInThisProcess(ExecutionModel model, int concurrency) => model == ExecutionModel.Solo ? 1 : concurrency;

    /// <summary>
    /// The handlers the worker's processor calls: its own, or in the Process model stand-ins that run each task's handler in
    /// the child its slot holds.
    /// </summary>
    internal static IEnumerable<ITaskHandler> Handlers(IServiceProvider services) =>
        services.GetRequiredService<IExecutionPool>() is ProcessPool pool
            ? services.GetServices<ITaskHandler>().Select(handler => new ChildTaskHandler(handler.Name, pool)).ToList()
            : services.GetServices<ITaskHandler>();

    /// <summary>How much longer than the warm-shutdown grace the host waits: a process pool's supervisor outlasts its children.</summary>
    internal static TimeSpan StopMargin(ExecutionModel model) => model == ExecutionModel.Process ? ProcessPool.StopMargin : TimeSpan.Zero;
}
