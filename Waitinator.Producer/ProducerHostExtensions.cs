namespace Waitinator.Producer;

public static class ProducerHostExtensions
{
    public static IHostApplicationBuilder AddProducer(this IHostApplicationBuilder builder)
    {
        builder.AddRabbitMQClient("broker");
        builder.AddRedisClient("backend");
        builder.Services.AddHostedService<ConnectionCheck>();
        return builder;
    }
}
