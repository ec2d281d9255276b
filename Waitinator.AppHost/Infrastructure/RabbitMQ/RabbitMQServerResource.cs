namespace Waitinator.AppHost.Infrastructure.RabbitMQ;

/// <summary>rabbitmq-server as a local process, handing out an AMQP connection string like Aspire's container resource.</summary>
public sealed class RabbitMQServerResource(string name, string command, string workingDirectory, ParameterResource password, int port)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string UserName = "waitinator";

    public ParameterResource Password { get; } = password;

    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://{UserName}:{Password}@127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/");
}
