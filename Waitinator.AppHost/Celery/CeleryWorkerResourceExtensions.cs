using System.Globalization;
using Waitinator.AppHost.Experiments;
using Waitinator.AppHost.Services;

namespace Waitinator.AppHost.Celery;

/// <summary>
/// A Celery worker of the lab's Celery app (celery/waitinator_celery.py) as a resource: Debian's Celery with the pool,
/// concurrency, prefetch and acknowledgement a configuration names, consuming the lab's queues, recording its tasks in
/// the same SQLite tables as the .NET worker. Celery stops warm on SIGTERM, which is how the AppHost stops it.
/// </summary>
public static class CeleryWorkerResourceExtensions
{
    /// <param name="name">The resource's own name (one per replica).</param>
    /// <param name="workerSet">The configuration's worker name, which every replica reports as.</param>
    public static IResourceBuilder<ExecutableResource> AddCeleryWorker(
        this IDistributedApplicationBuilder builder,
        string name,
        string workerSet,
        ExperimentConfiguration configuration,
        CeleryInstallation celery,
        string databasePath,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend,
        IResourceBuilder<ProjectResource> api)
    {
        var pool = (configuration.Pool ?? CeleryPool.Prefork).ToString().ToLowerInvariant();
        var concurrency = configuration.Concurrency.ToString(CultureInfo.InvariantCulture);
        var worker = builder.AddExecutable(name, celery.Python, celery.AppDirectory,
            "-m", "celery", "-A", "waitinator_celery", "worker",
            "-P", pool, "-c", concurrency,
            "--prefetch-multiplier", configuration.PrefetchMultiplier.ToString(CultureInfo.InvariantCulture),
            "-Q", "waitinate,summarize",
            // Without gossip and mingle, as the original ran it: no chatter between workers of one experiment.
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", $"{name}@%h", "-l", "info")
            // Every replica reports as the configuration's worker set, as the replicas of a .NET worker do.
            .WithEnvironment(LabProcessMarker.ResourceVariable, workerSet)
            .WithEnvironment("PYTHONPATH", celery.AppDirectory)
            .WithEnvironment("PYTHONUNBUFFERED", "1")
            .WithEnvironment("WAITINATOR_POOL", pool)
            .WithEnvironment("WAITINATOR_CONCURRENCY", concurrency)
            .WithEnvironment("WAITINATOR_ACKS_LATE", configuration.AckMode == TaskQueue.Processing.AckMode.Late ? "true" : "false")
            .WithEnvironment("WAITINATOR_DATABASE", databasePath)
            .WithEnvironment("WAITINATOR_API_URL", api.GetEndpoint("http"))
            .WithEnvironment(async context =>
            {
                // kombu and redis-py take URLs, not the .NET clients' connection strings.
                var brokerConnection = await broker.Resource.ConnectionStringExpression.GetValueAsync(context.CancellationToken)
                    ?? throw new InvalidOperationException("The broker has no connection string.");
                var backendConnection = await backend.Resource.ConnectionStringExpression.GetValueAsync(context.CancellationToken)
                    ?? throw new InvalidOperationException("The backend has no connection string.");
                context.EnvironmentVariables["WAITINATOR_BROKER_URL"] = CeleryUrls.Broker(brokerConnection);
                context.EnvironmentVariables["WAITINATOR_BACKEND_URL"] = CeleryUrls.Backend(backendConnection);
            })
            .WithKillCommand()
            .WaitFor(broker)
            .WaitFor(backend)
            .WaitFor(api);
        if (configuration.BrokerHeartbeat is { } heartbeat)
        {
            worker.WithEnvironment("WAITINATOR_BROKER_HEARTBEAT", heartbeat.ToString(CultureInfo.InvariantCulture));
        }

        return worker;
    }
}
