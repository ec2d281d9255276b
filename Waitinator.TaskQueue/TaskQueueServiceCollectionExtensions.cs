using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Transport;
using Waitinator.TaskQueue.Execution;
using Waitinator.TaskQueue.Processing;
using Waitinator.TaskQueue.Resilience;
using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.TaskQueue;

public static class TaskQueueServiceCollectionExtensions
{
    /// <summary>
    /// The client side of the task queue over the process's one broker connection and one Redis multiplexer
    /// (both registered by the host): publisher, result backend and chord client, each riding out a restart of its server
    /// for <see cref="OutageRetry.DefaultTolerance"/>. Those registered before (the worker's) win; so do routes. Unrouted
    /// tasks go to the queue of their name.
    /// </summary>
    public static IServiceCollection AddTaskQueueClient(this IServiceCollection services)
    {
        var tolerance = OutageRetry.DefaultTolerance;
        services.TryAddSingleton(new TaskRoutes(new Dictionary<string, string>()));
        services.TryAddSingleton<TaskQueueMetrics>();
        services.TryAddSingleton(sp => new TaskPublisher(
            sp.GetRequiredService<IConnection>(), sp.GetRequiredService<TaskRoutes>(), sp.GetRequiredService<TaskQueueMetrics>(), Outage(sp, "RabbitMQ", tolerance)));
        services.TryAddSingleton(sp => new RedisResultBackend(sp.GetRequiredService<IConnectionMultiplexer>(), TimeSpan.FromDays(1), Outage(sp, "Redis", tolerance)));
        services.TryAddSingleton<Client.ChordClient>();
        return services;
    }

    /// <summary>
    /// A Celery-compatible worker configured from the "Worker" section, validated at start; the handlers are
    /// registered as <see cref="ITaskHandler"/>. In the Process model this process only supervises its children.
    /// </summary>
    public static IServiceCollection AddCeleryWorker(this IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WorkerOptions>>().Value);
        services.AddSingleton(sp => WorkerIdentity.For(sp.GetRequiredService<WorkerOptions>()));
        services.AddSingleton(sp => new TaskRoutes(sp.GetRequiredService<WorkerOptions>().Routes));
        services.AddSingleton(sp => new TaskPublisher(
            sp.GetRequiredService<IConnection>(), sp.GetRequiredService<TaskRoutes>(), sp.GetRequiredService<TaskQueueMetrics>(),
            Outage(sp, "RabbitMQ", sp.GetRequiredService<WorkerOptions>().OutageTolerance)));
        services.AddSingleton(sp => new RedisResultBackend(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<WorkerOptions>().ResultExpires,
            Outage(sp, "Redis", sp.GetRequiredService<WorkerOptions>().OutageTolerance)));
        services.AddTaskQueueClient();
        services.AddSingleton<DeadLetterPublisher>();
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
        services.AddSingleton<ChordCounter>();
        services.AddSingleton<MessageRejection>();
        services.AddSingleton<TaskProcessor>();
        services.AddSingleton(sp => ExecutionPools.Create(sp.GetRequiredService<WorkerOptions>(), sp));
        services.AddSingleton<ConsumerChannelSupervisor>();
        services.AddSingleton<TaskConsumer>();
        services.AddHostedService<WorkerHostedService>();
        services.AddHostedService<ColdShutdown>();
        return services;
    }

    private static OutageRetry Outage(IServiceProvider services, string server, TimeSpan tolerance) =>
        new(server, tolerance, services.GetRequiredService<ILoggerFactory>().CreateLogger<OutageRetry>());
}
