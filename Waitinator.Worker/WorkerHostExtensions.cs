using Waitinator.TaskQueue;
using Waitinator.TaskQueue.Telemetry;
using Waitinator.TaskQueue.Execution;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.Worker;

public static class WorkerHostExtensions
{
    public const string ApiClientName = "api";

    /// <summary>The broker connection and Redis multiplexer (one each per process), the Celery worker and the lab's two tasks.</summary>
    public static IHostApplicationBuilder AddWorker(this IHostApplicationBuilder builder)
    {
        var clientName = ProcessClientName.For(builder.ServiceName());
        var tracing = builder.ExportsTelemetry();
        builder.AddRabbitMQClient("broker", settings => settings.DisableTracing = !tracing, factory => factory.ClientProvidedName = clientName);
        builder.AddRedisClient("backend", settings => settings.DisableTracing = !tracing, options => options.ClientName = clientName);

        // The record store starts before the worker consumes and stops after its warm shutdown (hosts stop in reverse order).
        builder.Services.AddOptions<TaskRecordOptions>().BindConfiguration(TaskRecordOptions.SectionName)
            .Validate(o => Enum.IsDefined(o.ApiProtocol), "Worker:ApiProtocol must be Http1 or Http2.")
            .Validate(o => o.ApiTimeout > TimeSpan.Zero, "Worker:ApiTimeout must be positive.")
            .Validate(o => o.ApiRetries is >= 0 and <= 100, "Worker:ApiRetries must be between 0 and 100.")
            .Validate(o => o.ApiRetryDelay > TimeSpan.Zero && o.ApiRetryMaxDelay >= o.ApiRetryDelay, "Worker:ApiRetryDelay must be positive and at most Worker:ApiRetryMaxDelay.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TaskRecordStore>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TaskRecordStore>());
        builder.Services.AddCeleryWorker();
        builder.Services.AddSingleton<ITaskHandler, WaitinateTask>();
        builder.Services.AddSingleton<ITaskHandler, SummarizeTask>();
        builder.Services.AddSingleton<ITaskHandler, NoopTask>();

        // A waitinate call lasts minutes by design: no HTTP-level timeout or retry; failures are the task's to retry.
        // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(ApiClientName, (sp, client) =>
            {
                var records = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<TaskRecordOptions>>().Value;
                client.BaseAddress = new Uri(records.ApiBaseAddress);
                client.Timeout = records.ApiTimeout;
                // The Api answers with a few hundred bytes; a runaway answer fails the call (and the task retries) instead of filling memory.
                client.MaxResponseContentBufferSize = 1024 * 1024;
                client.DefaultRequestVersion = records.ApiProtocol == ApiProtocol.Http2 ? System.Net.HttpVersion.Version20 : System.Net.HttpVersion.Version11;
                client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            })
            // HTTP/2: more connections when one reaches the Api's stream limit, instead of queueing the calls behind it.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
            .RemoveAllResilienceHandlers()
            // The task logs what fails; a logging scope and two log checks per request are cost without a reader at 10,000 requests.
            .RemoveAllLoggers();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
