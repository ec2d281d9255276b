namespace Waitinator.AppHost.Services;

/// <summary>The .NET worker as a project resource with its replicas.</summary>
public static class WorkerResourceBuilderExtensions
{
    /// <summary>
    /// Worker replicas with the AppHost's Worker (the engine) and ApiClient (the waitinate task's client) sections; an
    /// experiment's configuration adds its own settings over them. The lab decides where the tasks record.
    /// </summary>
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
            .WithKillCommand()
            .WithConfigurationSection(builder.Configuration, "Worker")
            .WithConfigurationSection(builder.Configuration, "ApiClient")
            .WithEnvironment("TaskRecords__DatabasePath", databasePath)
            .WithReference(broker).WaitFor(broker)
            .WithReference(backend).WaitFor(backend)
            .WithReference(api).WaitFor(api);
}
