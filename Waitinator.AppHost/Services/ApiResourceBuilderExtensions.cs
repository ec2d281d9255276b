namespace Waitinator.AppHost.Services;

/// <summary>The Api (the original webserver): sleeps a random while per request and records it in SQLite.</summary>
public static class ApiResourceBuilderExtensions
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
            .WithHttpHealthCheck("/health")
            // The dashboard's link: the Api serves nothing at its root, and a GET /waitinate would sleep and be recorded.
            .WithUrlForEndpoint("http", url =>
            {
                url.Url = "/health";
                url.DisplayText = "Api health";
            });
}
