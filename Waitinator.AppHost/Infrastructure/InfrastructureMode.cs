namespace Waitinator.AppHost.Infrastructure;

public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, local executables otherwise.</summary>
    Auto,

    /// <summary>RabbitMQ and Redis as containers through Aspire.Hosting.RabbitMQ and Aspire.Hosting.Redis.</summary>
    Container,

    /// <summary>rabbitmq-server and redis-server as local processes: no container runtime needed.</summary>
    Executable,
}
