using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Client;
using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Processing;
using Waitinator.TaskQueue.Resilience;
using Waitinator.TaskQueue.Telemetry;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Hosting;

/// <summary>
/// Registers a worker or a client of the task queue over the process's one broker connection (<see cref="IConnection"/>)
/// and one Redis multiplexer (<see cref="IConnectionMultiplexer"/>), which the host registers as it likes.
/// A process is one or the other; each part is built in one place, whatever the order of the calls.
/// </summary>
public static class TaskQueueServiceCollectionExtensions
{
    /// <summary>
    /// A Celery-compatible worker configured from the "Worker" section, validated at start; its tasks are added to the
    /// builder returned. In the Process model the worker's children run the tasks' handlers.
    /// </summary>
    public static TaskQueueWorkerBuilder AddTaskQueueWorker(this IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WorkerOptions>>().Value);
        services.AddClientParts(sp =>
        {
            var worker = sp.GetRequiredService<WorkerOptions>();
            return new TaskQueueClientSettings(worker.Routes, worker.OutageTolerance, worker.ResultExpires);
        });

        services.AddSingleton(sp => WorkerIdentity.For(sp.GetRequiredService<WorkerOptions>()));
        services.AddSingleton(ConsumedQueuesOf);
        services.AddSingleton(sp => ExecutionPools.Create(sp.GetRequiredService<WorkerOptions>(), sp));
        services.AddSingleton<DeadLetterPublisher>();
        services.AddSingleton<Continuations>();
        services.AddSingleton<ChordCounter>();
        services.AddSingleton<RunOnceClaims>();
        services.AddSingleton<MessageRejection>();
        services.AddSingleton<Redelivery>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TaskProcessor>(sp, ExecutionPools.Handlers(sp)));
        services.AddSingleton<ConsumerChannelSupervisor>();
        services.AddSingleton<TaskConsumer>();
        services.AddSingleton<ChildTaskRunner>();

        // The host's shutdown timeout is the warm-shutdown grace; a supervisor waits a little longer than its children.
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
        {
            WorkerOptions settings;
            try
            {
                settings = worker.Value;
            }
            catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
            {
                return; // Reported, with every other bad setting, by the host's settings check before anything starts.
            }

            host.ShutdownTimeout = settings.ShutdownGrace + ExecutionPools.StopMargin(settings.ExecutionModel);
        });
        services.AddHostedService<WorkerHostedService>();
        services.AddHostedService<ColdShutdown>();
        return new TaskQueueWorkerBuilder(services);
    }

    /// <summary>
    /// The client side for a process that submits tasks and reads results: publisher, result backend and chord client,
    /// each riding out a restart of its server for <see cref="OutageRetry.DefaultTolerance"/>. Tasks go to the queue
    /// <paramref name="routes"/> names for them (Celery's task_routes), or else to the queue of their name.
    /// </summary>
    public static IServiceCollection AddTaskQueueClient(this IServiceCollection services, Func<IServiceProvider, IReadOnlyDictionary<string, string>>? routes = null) =>
        services.AddClientParts(sp => new TaskQueueClientSettings(
            routes?.Invoke(sp) ?? new Dictionary<string, string>(), OutageRetry.DefaultTolerance, TaskQueueClientSettings.DefaultResultExpires));

    private static IServiceCollection AddClientParts(this IServiceCollection services, Func<IServiceProvider, TaskQueueClientSettings> settings)
    {
        if (services.Any(service => service.ServiceType == typeof(TaskQueueClientSettings)))
        {
            throw new InvalidOperationException(
                "The task queue is registered already: call AddTaskQueueWorker (a worker publishes with its own settings) or AddTaskQueueClient, once.");
        }

        services.AddSingleton(settings);
        services.AddSingleton<BrokerFlowControl>();
        services.AddSingleton<TaskQueueMetrics>();
        services.AddSingleton(sp =>
        {
            var client = sp.GetRequiredService<TaskQueueClientSettings>();
            return new TaskPublisher(
                sp.GetRequiredService<IConnection>(), new TaskRoutes(client.Routes), sp.GetRequiredService<TaskQueueMetrics>(),
                Outage(sp, "RabbitMQ", client.OutageTolerance), sp.GetRequiredService<BrokerFlowControl>());
        });
        services.AddSingleton(sp =>
        {
            var client = sp.GetRequiredService<TaskQueueClientSettings>();
            return new RedisResultBackend(sp.GetRequiredService<IConnectionMultiplexer>(), client.ResultExpires, Outage(sp, "Redis", client.OutageTolerance));
        });
        services.AddSingleton<ChordClient>();
        return services;
    }

    /// <summary>Worker:Queues; unset, the queues the host consumes by default; without those, the queue each task is routed to.</summary>
    private static ConsumedQueues ConsumedQueuesOf(IServiceProvider services)
    {
        var options = services.GetRequiredService<WorkerOptions>();
        if (options.Queues is { Length: > 0 } configured)
        {
            return new ConsumedQueues(configured);
        }

        var defaults = services.GetRequiredService<IOptions<DefaultQueues>>().Value.Names;
        if (defaults.Count > 0)
        {
            return new ConsumedQueues([.. defaults.Distinct(StringComparer.Ordinal)]);
        }

        var routes = new TaskRoutes(options.Routes);
        return new ConsumedQueues([.. services.GetServices<ITaskHandler>().Select(task => routes.QueueFor(task.Name)).Distinct(StringComparer.Ordinal)]);
    }

    private static OutageRetry Outage(IServiceProvider services, string server, TimeSpan tolerance) =>
        new(server, tolerance, services.GetRequiredService<ILoggerFactory>().CreateLogger<OutageRetry>());
}
