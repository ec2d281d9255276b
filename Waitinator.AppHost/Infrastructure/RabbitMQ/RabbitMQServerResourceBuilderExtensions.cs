using System.Globalization;
using RabbitMQ.Client;

namespace Waitinator.AppHost.Infrastructure.RabbitMQ;

/// <summary>The message broker: RabbitMQ with a generated password, the management and prometheus plugins, on loopback.</summary>
public static class RabbitMQServerResourceBuilderExtensions
{
    public const string ResourceName = "broker";

    public static IResourceBuilder<IResourceWithConnectionString> AddBroker(
        this IDistributedApplicationBuilder builder, Lab lab)
    {
        if (lab.Mode == InfrastructureMode.Container)
        {
            // The same server settings as a local node, mounted read-only where the official image reads extra files.
            var configFile = Path.Combine(lab.Run.For("rabbitmq-config"), "20-waitinator.conf");
            File.WriteAllText(configFile, RabbitMQServerSettings.Lines);
            var user = builder.AddParameter($"{ResourceName}-user", RabbitMQServerResource.UserName);
            return builder.AddRabbitMQ(ResourceName, userName: user)
                .WithBindMount(configFile, RabbitMQServerSettings.ContainerPath, isReadOnly: true)
                .WithManagementPlugin()
                .WithUrlForEndpoint("management", url => url.DisplayText = "Management UI")
                .WithDataBindMount(lab.Run.For("rabbitmq"));
        }

        return builder.AddRabbitMQExecutable(lab.Settings, lab.Run);
    }

    private static IResourceBuilder<RabbitMQServerResource> AddRabbitMQExecutable(
        this IDistributedApplicationBuilder builder, LabSettings settings, RunFolder run)
    {
        var command = ExecutableLocator.Find(
            settings.RabbitMQServerPath, nameof(LabSettings.RabbitMQServerPath), "rabbitmq-server",
            "/usr/lib/rabbitmq/bin/rabbitmq-server", // Debian's /usr/sbin wrapper switches user and writes to /var/log.
            "rabbitmq-server");
        var folder = run.For("rabbitmq");
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{ResourceName}-password", special: false);
        int amqpPort = LoopbackPorts.Free(), managementPort = LoopbackPorts.Free(), prometheusPort = LoopbackPorts.Free(), distPort = LoopbackPorts.Free();
        var server = new RabbitMQServerResource(ResourceName, command, folder, password, amqpPort);
        var configFile = Path.Combine(folder, "rabbitmq.conf");
        var pluginsFile = Path.Combine(folder, "enabled_plugins");

        string? connectionString = null;
        var healthCheckKey = $"{ResourceName}_check";
        builder.Services.AddHealthChecks().AddRabbitMQ(
            async _ => await new ConnectionFactory { Uri = new Uri(connectionString ?? throw new InvalidOperationException("The broker has not started yet.")) }
                .CreateConnectionAsync("waitinator-apphost-health"),
            name: healthCheckKey);

        return builder.AddResource(server)
            .WithEndpoint(name: "tcp", scheme: "tcp", port: amqpPort, targetPort: amqpPort, isProxied: false)
            .WithEndpoint(name: "management", scheme: "http", port: managementPort, targetPort: managementPort, isProxied: false)
            .WithEndpoint(name: "prometheus", scheme: "http", port: prometheusPort, targetPort: prometheusPort, isProxied: false)
            .WithUrlForEndpoint("management", url => url.DisplayText = "Management UI")
            .WithUrlForEndpoint("prometheus", url =>
            {
                url.Url = "/metrics";
                url.DisplayText = "Prometheus metrics";
            })
            .WithEnvironment("HOME", folder) // The Erlang cookie lives in $HOME.
            .WithEnvironment("RABBITMQ_NODENAME", "waitinator-" + amqpPort.ToString(CultureInfo.InvariantCulture) + "@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", amqpPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("RABBITMQ_DIST_PORT", distPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1") // epmd otherwise listens on every interface.
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}")
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(folder, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(folder, "log"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_CONFIG_FILE", configFile)
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", pluginsFile)
            .OnBeforeResourceStarted(async (resource, _, cancellationToken) =>
            {
                Directory.CreateDirectory(Path.Combine(folder, "mnesia"));
                Directory.CreateDirectory(Path.Combine(folder, "log"));
                var secret = await resource.Password.GetValueAsync(cancellationToken);
                await RunFolder.WritePrivateFileAsync(pluginsFile, "[rabbitmq_management,rabbitmq_prometheus].\n", cancellationToken);
                await RunFolder.WritePrivateFileAsync(configFile, $"""
                    listeners.tcp.1 = 127.0.0.1:{amqpPort}
                    default_user = {RabbitMQServerResource.UserName}
                    default_pass = {secret}
                    management.tcp.ip = 127.0.0.1
                    management.tcp.port = {managementPort}
                    prometheus.tcp.ip = 127.0.0.1
                    prometheus.tcp.port = {prometheusPort}
                    log.console = true
                    log.file = false

                    """ + RabbitMQServerSettings.Lines, cancellationToken);
                connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
            })
            .WithHealthCheck(healthCheckKey);
    }
}
