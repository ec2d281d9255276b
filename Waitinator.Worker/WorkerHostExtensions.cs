namespace Waitinator.Worker;

public static class WorkerHostExtensions
{
    public static IHostApplicationBuilder AddWorker(this IHostApplicationBuilder builder)
    {
        builder.AddRabbitMQClient("broker");
        builder.AddRedisClient("backend");
        builder.Services.AddHostedService<ConnectionCheck>();
        return builder;
    }
}
