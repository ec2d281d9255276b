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

    [Fact]
    public async Task In_container_mode_the_servers_get_the_settings_they_get_as_local_processes()
    {
        var runs = Directory.CreateTempSubdirectory("waitinator-runs-");
        try
        {
            // Containers cannot run here: the test reads what the model would hand the container runtime.
            await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Waitinator_AppHost>(
                ["--Lab:Infrastructure=Container", $"--Lab:RunsDirectory={runs.FullName}"]);
            var containers = appHost.Resources.OfType<ContainerResource>().ToDictionary(c => c.Name);

            // Redis: the append-only file flushed every second, no snapshots, room for a green thread's connection each.
            var backend = containers["backend"];
            var redisConfig = MountedFile(backend, "/usr/local/etc/redis/redis.conf");
            foreach (var line in new[] { "appendonly yes", "appendfsync everysec", "save \"\"", "maxclients 50000", "dir /data" })
            {
                Assert.Contains(line, redisConfig.Split('\n'));
            }

            var arguments = await StringArgumentsAsync(backend);
            Assert.Contains(arguments, a => a.StartsWith("redis-server /usr/local/etc/redis/redis.conf ", StringComparison.Ordinal));
            Assert.DoesNotContain(arguments, a => a.Contains("--save", StringComparison.Ordinal));

            // RabbitMQ: statistics every second, version 2 queues, no per-message rates.
            var brokerConfig = MountedFile(containers["broker"], "/etc/rabbitmq/conf.d/20-waitinator.conf");
            foreach (var line in new[] { "collect_statistics_interval = 1000", "classic_queue.default_version = 2", "management.rates_mode = none" })
            {
                Assert.Contains(line, brokerConfig.Split('\n'));
            }
        }
        finally
        {
            runs.Delete(recursive: true);
        }
    }

    /// <summary>The command-line arguments a resource is given as plain text.</summary>
    private static async Task<List<string>> StringArgumentsAsync(IResource resource)
    {
        var arguments = new List<object>();
        var context = new CommandLineArgsCallbackContext(arguments, resource, CancellationToken.None);
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }

        return [.. arguments.OfType<string>()];
    }

    /// <summary>The text of the host file bind-mounted read-only at <paramref name="target"/> in the container.</summary>
    private static string MountedFile(ContainerResource container, string target)
    {
        var mount = Assert.Single(container.Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == target);
        Assert.True(mount.IsReadOnly, $"{target} is mounted writable.");
        return File.ReadAllText(mount.Source!);
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
