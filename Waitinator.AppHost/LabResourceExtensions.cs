using System.Globalization;

namespace Waitinator.AppHost;

/// <summary>
/// The lab's own processes: the Api, the worker replicas and the producer, each waiting for what it needs; the producer
/// also waits until RabbitMQ counts every worker process as a consumer (a configured Producer:ExpectedConsumers wins).
/// </summary>
public static class LabResourceExtensions
{
    public static IResourceBuilder<ProjectResource> AddWaitinateApi(this IDistributedApplicationBuilder builder, string databasePath) =>
        builder.AddProject<Projects.Waitinator_Api>("api")
            // A port of its own each start, on IPv4 loopback only: with the launch profile's fixed port a second lab
            // could only bind [::1], and its workers, resolving "localhost" to 127.0.0.1, called the first lab's Api.
            .WithEndpoint("http", endpoint =>
            {
                endpoint.Port = null;
                endpoint.TargetHost = "127.0.0.1";
            })
            .WithConfigurationSection(builder.Configuration, "Api")
            // After the section: the lab keeps its evidence in the run folder whatever Api:DatabasePath says.
            .WithEnvironment("Api__DatabasePath", databasePath)
            .WithHttpHealthCheck("/health");

    /// <summary>Worker replicas with the AppHost's Worker section; an experiment's configuration adds its own settings over it.</summary>
    public static IResourceBuilder<ProjectResource> AddWorker(
        this IDistributedApplicationBuilder builder,
        string name,
        int replicas,
        string databasePath,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend,
        IResourceBuilder<ProjectResource> api) =>
        builder.AddProject<Projects.Waitinator_Worker>(name)
            .WithReplicas(replicas)
            .WithConfigurationSection(builder.Configuration, "Worker")
            .WithEnvironment("Worker__DatabasePath", databasePath)
            .WithReference(broker).WaitFor(broker)
            .WithReference(backend).WaitFor(backend)
            .WithReference(api).WaitFor(api);

    public static IResourceBuilder<ProjectResource> AddProducer(
        this IDistributedApplicationBuilder builder,
        string name,
        string reportPath,
        int expectedConsumers,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend,
        IReadOnlyList<IResourceBuilder<IResourceWithWaitSupport>> workers)
    {
        var producer = builder.AddProject<Projects.Waitinator_Producer>(name)
            .WithEnvironment("Producer__ExpectedConsumers", expectedConsumers.ToString(CultureInfo.InvariantCulture))
            .WithConfigurationSection(builder.Configuration, "Producer")
            .WithEnvironment("Producer__ReportPath", reportPath)
            .WithReference(broker).WaitFor(broker)
            .WithReference(backend).WaitFor(backend);
        foreach (var worker in workers)
        {
            producer.WaitFor(worker);
        }

        return producer;
    }

    /// <summary>The servers' own view: connections per client and queue depths from RabbitMQ's management API and Redis's CLIENT LIST.</summary>
    public static IResourceBuilder<ProjectResource> AddMonitor(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend) =>
        builder.AddProject<Projects.Waitinator_Monitor>("monitor")
            .WithEnvironment("Monitor__BrokerManagementUrl", ((IResourceWithEndpoints)broker.Resource).GetEndpoint("management"))
            .WithConfigurationSection(builder.Configuration, "Monitor")
            .WithReference(broker).WaitFor(broker)
            .WithReference(backend).WaitFor(backend);

    /// <summary>
    /// With Lab:ExportTelemetry (on by default), every project resource (and every process-model child, which inherits
    /// the setting) writes its metric samples and spans as JSON lines into the folder `directoryFor` gives it (none: no files).
    /// </summary>
    public static void ExportTelemetryFiles(this IDistributedApplicationBuilder builder, Lab lab, Func<IResource, string?> directoryFor)
    {
        if (!lab.Settings.ExportTelemetry)
        {
            return;
        }

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            if (directoryFor(project) is { } directory)
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables["Telemetry__ExportDirectory"] = directory));
            }
        }
    }

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
