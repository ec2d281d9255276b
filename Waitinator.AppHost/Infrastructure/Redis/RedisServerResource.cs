namespace Waitinator.AppHost.Infrastructure.Redis;

/// <summary>redis-server as a local process, handing out a StackExchange.Redis connection string like Aspire's container resource.</summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory, ParameterResource password, int port)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;

    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)},password={Password}");
}
