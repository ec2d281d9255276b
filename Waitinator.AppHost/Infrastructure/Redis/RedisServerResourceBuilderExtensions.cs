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
            // The same settings file as a local redis-server, mounted read-only; the image's own command line is replaced
            // because redis-server takes its file only as the first argument. It holds no secret: the password stays in
            // the container's environment, as Aspire gives it.
            var configFile = Path.Combine(lab.Run.For("redis-config"), "redis.conf");
            File.WriteAllText(configFile, RedisServerSettings.Lines + "dir /data\n");
            var redis = builder.AddRedis(ResourceName).WithDataBindMount(lab.Run.For("redis"));
            foreach (var arguments in redis.Resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>().ToList())
            {
                redis.Resource.Annotations.Remove(arguments);
            }

            return redis
                .WithBindMount(configFile, RedisServerSettings.ContainerPath, isReadOnly: true)
                .WithArgs("-c", $"redis-server {RedisServerSettings.ContainerPath} --requirepass $REDIS_PASSWORD");
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
                await RunFolder.WritePrivateFileAsync(configFile, $"""
                    bind 127.0.0.1
                    port {port.ToString(CultureInfo.InvariantCulture)}
                    protected-mode yes
                    requirepass {secret}
                    dir {folder}
                    daemonize no
                    logfile ""

                    """ + RedisServerSettings.Lines, cancellationToken);
                connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
            })
            .WithHealthCheck(healthCheckKey);
    }
}
