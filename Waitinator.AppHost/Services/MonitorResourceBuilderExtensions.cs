namespace Waitinator.AppHost.Services;

/// <summary>The monitor: the servers' own counts of connections and queues, and every lab process's CPU and memory.</summary>
public static class MonitorResourceBuilderExtensions
{
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
}
