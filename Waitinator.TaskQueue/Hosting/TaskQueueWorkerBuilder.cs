using Microsoft.Extensions.DependencyInjection;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.TaskQueue.Hosting;

/// <summary>Adds a worker's tasks and the queues it consumes by default; the calls add to the one worker, in any order.</summary>
public sealed class TaskQueueWorkerBuilder
{
    internal TaskQueueWorkerBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    /// <summary>A task the worker runs, known by its handler's <see cref="ITaskHandler.Name"/>.</summary>
    public TaskQueueWorkerBuilder AddTask<THandler>()
        where THandler : class, ITaskHandler
    {
        Services.AddSingleton<ITaskHandler, THandler>();
        return this;
    }

    /// <summary>
    /// The queues consumed when Worker:Queues is unset (Celery's task_queues); a worker given none consumes the queue each
    /// of its tasks is routed to.
    /// </summary>
    public TaskQueueWorkerBuilder ConsumeByDefault(params string[] queues)
    {
        Services.Configure<DefaultQueues>(defaults => defaults.Names.AddRange(queues));
        return this;
    }
}
