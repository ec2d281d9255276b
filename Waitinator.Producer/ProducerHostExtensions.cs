using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.Producer;

public static class ProducerHostExtensions
{
    /// <summary>The broker connection and Redis multiplexer, the chord client with the producer's routes, and the run that submits, waits and reports.</summary>
    public static IHostApplicationBuilder AddProducer(this IHostApplicationBuilder builder)
    {
        var clientName = ProcessClientName.For(builder.ServiceName());
        var tracing = builder.ExportsTelemetry();
        builder.AddRabbitMQClient("broker", settings => settings.DisableTracing = !tracing, factory => factory.ClientProvidedName = clientName);
        builder.AddRedisClient("backend", settings => settings.DisableTracing = !tracing, options => options.ClientName = clientName);
        builder.Services.AddOptions<ProducerOptions>().BindConfiguration(ProducerOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ProducerOptions>, ProducerOptionsValidator>();
        builder.Services.AddTaskQueueClient(routes: sp => sp.GetRequiredService<IOptions<ProducerOptions>>().Value.Routes);
        builder.Services.AddHostedService<ChordRun>();
        return builder;
    }
}
