using System.Globalization;

namespace Waitinator.AppHost;

/// <summary>
/// The lab's own processes: the Api, the worker replicas and the producer, each waiting for what it needs; the producer
/// also waits until RabbitMQ counts every worker process as a consumer (a configured Producer:ExpectedConsumers wins).
/// </summary>
public static class LabResourceExtensions
{
    public static IResourceBuilder<ProjectResource> AddWaitinateApi(this IDistributedApplicationBuilder builder, RunFolder run) =>
        builder.AddProject<Projects.Waitinator_Api>("api")
            .WithEnvironment("Api__DatabasePath", Path.Combine(run.For("api"), "waitinator-api.db"))
            .WithConfigurationSection(builder.Configuration, "Api")
            .WithHttpHealthCheck("/health");

    public static IResourceBuilder<ProjectResource> AddWorker(
        this IDistributedApplicationBuilder builder,
        Lab lab,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend,
        IResourceBuilder<ProjectResource> api) =>
        builder.AddProject<Projects.Waitinator_Worker>("worker")
            .WithReplicas(lab.Settings.WorkerReplicas)
            .WithEnvironment("Worker__DatabasePath", Path.Combine(lab.Run.For("worker"), "waitinator-worker.db"))
            .WithConfigurationSection(builder.Configuration, "Worker")
            .WithReference(broker).WaitFor(broker)
            .WithReference(backend).WaitFor(backend)
            .WithReference(api).WaitFor(api);

    public static IResourceBuilder<ProjectResource> AddProducer(
        this IDistributedApplicationBuilder builder,
        Lab lab,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend,
        IResourceBuilder<ProjectResource> worker) =>
        builder.AddProject<Projects.Waitinator_Producer>("producer")
            .WithEnvironment("Producer__ReportPath", ProducerReportPath(lab.Run))
            .WithEnvironment("Producer__ExpectedConsumers", lab.ExpectedConsumers.ToString(CultureInfo.InvariantCulture))
            .WithConfigurationSection(builder.Configuration, "Producer")
            .WithReference(broker).WaitFor(broker)
            .WithReference(backend).WaitFor(backend)
            .WaitFor(worker);

    public static string ProducerReportPath(RunFolder run) => Path.Combine(run.For("producer"), "producer-report.json");

    /// <summary>
    /// Hands a section of the AppHost's configuration to a service as environment variables, so that
    /// `--Api:TimeScale=0.01` on the AppHost's command line reaches the Api.
    /// </summary>
    public static IResourceBuilder<T> WithConfigurationSection<T>(this IResourceBuilder<T> resource, IConfiguration configuration, string section)
        where T : IResourceWithEnvironment
    {
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable(makePathsRelative: false))
        {
            if (value is not null)
            {
                resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return resource;
    }
}
