using Microsoft.Extensions.Options;
using Waitinator.TaskQueue;

namespace Waitinator.Producer;

public static class ProducerHostExtensions
{
    /// <summary>The broker connection and Redis multiplexer, the chord client, and the run that submits, waits and reports.</summary>
    public static IHostApplicationBuilder AddProducer(this IHostApplicationBuilder builder)
    {
        builder.AddRabbitMQClient("broker");
        builder.AddRedisClient("backend");
        builder.Services.AddOptions<ProducerOptions>().BindConfiguration(ProducerOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ProducerOptions>, ProducerOptionsValidator>();
        var routes = builder.Configuration.GetSection($"{ProducerOptions.SectionName}:Routes").Get<Dictionary<string, string>>();
        builder.Services.AddTaskQueueClient(routes ?? new ProducerOptions().Routes);
        builder.Services.AddHostedService<ChordRun>();
        return builder;
    }
}
