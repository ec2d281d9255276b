using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.Worker;

public static class WorkerHostExtensions
{
    public const string ApiClientName = "api";

    /// <summary>The broker connection and Redis multiplexer (one each per process), the Celery worker and the lab's tasks, their records and their Api client.</summary>
    public static IHostApplicationBuilder AddWorker(this IHostApplicationBuilder builder)
    {
        builder.AddBrokerAndBackend();
        builder.AddTaskRecords();
        builder.AddApiClient();
        builder.Services.AddTaskQueueWorker()
            // noop is the engine benchmark's, which names its queue (Worker:Queues).
            .ConsumeByDefault("waitinate", "summarize")
            .AddTask<WaitinateTask>()
            .AddTask<SummarizeTask>()
            .AddTask<NoopTask>();
        return builder;
    }

    private static void AddBrokerAndBackend(this IHostApplicationBuilder builder)
    {
        var clientName = ProcessClientName.For(builder.ServiceName());
        var tracing = builder.ExportsTelemetry();
        builder.AddRabbitMQClient("broker", settings => settings.DisableTracing = !tracing, factory => factory.ClientProvidedName = clientName);
        builder.AddRedisClient("backend", settings => settings.DisableTracing = !tracing, options => options.ClientName = clientName);
    }

    private static void AddTaskRecords(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TaskRecordOptions>().BindConfiguration(TaskRecordOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TaskRecordOptions>, TaskRecordOptionsValidator>();
        builder.Services.AddSingleton<TaskRecordStore>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TaskRecordStore>());
    }

    /// <summary>
    /// The waitinate task's Api client. A call lasts minutes by design: no HTTP-level timeout or retry, as failures are
    /// the task's to retry.
    /// </summary>
    private static void AddApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiClientOptions>().BindConfiguration(ApiClientOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiClientOptions>, ApiClientOptionsValidator>();
        // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(ApiClientName, (sp, client) =>
            {
                var api = sp.GetRequiredService<IOptions<ApiClientOptions>>().Value;
                client.BaseAddress = new Uri(api.BaseAddress);
                client.Timeout = api.Timeout;
                // The Api answers with a few hundred bytes; a runaway answer fails the call (and the task retries) instead of filling memory.
                client.MaxResponseContentBufferSize = 1024 * 1024;
                client.DefaultRequestVersion = api.Protocol == ApiProtocol.Http2 ? System.Net.HttpVersion.Version20 : System.Net.HttpVersion.Version11;
                client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            })
            // HTTP/2: more connections when one reaches the Api's stream limit, instead of queueing the calls behind it.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
            .RemoveAllResilienceHandlers()
            // The task logs what fails; a logging scope and two log checks per request are cost without a reader.
            .RemoveAllLoggers();
#pragma warning restore EXTEXP0001
    }
}
