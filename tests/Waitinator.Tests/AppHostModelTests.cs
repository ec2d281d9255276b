using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Waitinator.Tests;

/// <summary>What the AppHost hands its resources, read from the model it builds, without starting anything.</summary>
public sealed class AppHostModelTests
{
    [Fact]
    public async Task The_telemetry_section_given_to_the_lab_reaches_every_dotnet_process()
    {
        var runs = Directory.CreateTempSubdirectory("waitinator-runs-");
        try
        {
            await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Waitinator_AppHost>(
            [
                "--Lab:Infrastructure=Executable",
                $"--Lab:RunsDirectory={runs.FullName}",
                "--Telemetry:OtlpEndpoint=http://127.0.0.1:4318",
                "--Telemetry:OtlpHeaders=x-api-key=team-key",
            ]);

            var projects = appHost.Resources.OfType<ProjectResource>().ToList();
            Assert.Equal(["api", "monitor", "producer", "worker"], projects.Select(p => p.Name).Order());
            foreach (var project in projects)
            {
                var environment = await StringEnvironmentAsync(project);
                Assert.Equal("http://127.0.0.1:4318", environment.GetValueOrDefault("Telemetry__OtlpEndpoint"));
                Assert.Equal("x-api-key=team-key", environment.GetValueOrDefault("Telemetry__OtlpHeaders"));
            }
        }
        finally
        {
            runs.Delete(recursive: true);
        }
    }

    /// <summary>The environment variables a resource is given as plain text (connection strings and endpoints are resolved only at start).</summary>
    private static async Task<Dictionary<string, string>> StringEnvironmentAsync(IResource resource)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, [], CancellationToken.None);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }

        return context.EnvironmentVariables.Where(e => e.Value is string).ToDictionary(e => e.Key, e => (string)e.Value);
    }
}
