using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;

namespace Waitinator.Monitor;

public static class MonitorHostExtensions
{
    /// <summary>
    /// The management API client (credentials from the broker's connection string), an admin Redis connection for CLIENT
    /// LIST, the servers' sampler, and the sampler of every lab process's CPU and memory. Both clients only poll: what
    /// they find is published as metrics, and they make no spans (a failed poll still logs its warning).
    /// </summary>
    public static IHostApplicationBuilder AddServerMonitor(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonitorOptions>().BindConfiguration(MonitorOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MonitorOptions>, MonitorOptionsValidator>();
        builder.AddRedisClient("backend", settings => settings.DisableTracing = true, options =>
        {
            options.AllowAdmin = true; // CLIENT LIST is an admin command to StackExchange.Redis.
            options.ClientName = $"{builder.ServiceName()}-{Environment.ProcessId}"; // The service-pid form of every lab client.
        });
        builder.Services.AddSingleton<RedisClientList>();
        var brokerConnectionString = builder.Configuration.GetConnectionString("broker");
        builder.Services.AddHttpClient<RabbitMQManagementClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<MonitorOptions>>().Value.BrokerManagementUrl;
            http.DefaultRequestHeaders.Authorization = RabbitMQManagementClient.CredentialsFrom(
                brokerConnectionString ?? throw new InvalidOperationException("ConnectionStrings:broker is not set: the monitor needs the broker's credentials."));
        }).AsTelemetryPlumbing();
        builder.Services.AddSingleton(ServerPorts.From(
            brokerConnectionString ?? throw new InvalidOperationException("ConnectionStrings:broker is not set: the monitor needs the broker's credentials."),
            builder.Configuration.GetConnectionString("backend") ?? throw new InvalidOperationException("ConnectionStrings:backend is not set.")));
        builder.Services.AddSingleton<LabProcesses>();
        builder.Services.AddSingleton<ConnectionOwners>();
        builder.Services.AddHostedService<ServerSampler>();
        builder.Services.AddHostedService<ProcessSampler>();
        return builder;
    }
}
