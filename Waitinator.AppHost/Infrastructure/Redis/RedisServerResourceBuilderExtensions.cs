using System.Globalization;

namespace Waitinator.AppHost.Infrastructure.Redis;

/// <summary>The result backend: Redis with a generated password and an append-only file, on loopback.</summary>
public static class RedisServerResourceBuilderExtensions
{
    public const string ResourceName = "backend";

    public static IResourceBuilder<IResourceWithConnectionString> AddBackend(
        this IDistributedApplicationBuilder builder, Lab lab)
    {
        if (lab.Mode == InfrastructureMode.Container)
        {
            return builder.AddRedis(ResourceName)
                .WithDataBindMount(lab.Run.For("redis"))
                .WithPersistence();
        }

        return builder.AddRedisExecutable(lab.Settings, lab.Run);
    }

    private static IResourceBuilder<RedisServerResource> AddRedisExecutable(
        this IDistributedApplicationBuilder builder, LabSettings settings, RunFolder run)
    {
        var command = ExecutableLocator.Find(settings.RedisServerPath, nameof(LabSettings.RedisServerPath), "redis-server", "redis-server");
        var folder = run.For("redis");
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{ResourceName}-password", special: false);
        var port = LoopbackPorts.Free();
        var server = new RedisServerResource(ResourceName, command, folder, password, port);
        var configFile = Path.Combine(folder, "redis.conf");

        string? connectionString = null;
        var healthCheckKey = $"{ResourceName}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException("The backend has not started yet."),
            name: healthCheckKey);

        return builder.AddResource(server)
            .WithEndpoint(name: "tcp", scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithArgs(configFile) // The password goes in a file, not on the command line where ps shows it.
            .OnBeforeResourceStarted(async (resource, _, cancellationToken) =>
            {
                var secret = await resource.Password.GetValueAsync(cancellationToken);
                // Chord state must survive a restart of Redis: an append-only file, flushed every second.
                // maxclients: Celery's gevent and eventlet pools open a Redis connection per green thread, and at a
                // concurrency of 10,000 Redis's default of 10,000 clients failed their tasks ("max number of clients
                // reached"). Redis lowers it to what its open-files limit allows, and says so in its log.
                await RunFolder.WritePrivateFileAsync(configFile, $"""
                    bind 127.0.0.1
                    port {port.ToString(CultureInfo.InvariantCulture)}
                    protected-mode yes
                    requirepass {secret}
                    dir {folder}
                    appendonly yes
                    appendfsync everysec
                    save ""
                    maxclients 50000
                    daemonize no
                    logfile ""

                    """, cancellationToken);
                connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
            })
            .WithHealthCheck(healthCheckKey);
    }
}
