using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Waitinator.AppHost.Experiments;

/// <summary>
/// Empties the lab's task queues once a repetition's workers have stopped: a repetition that failed (a chord that never
/// completed, tasks delivered again after a lost connection) must not hand its messages to the next configuration.
/// </summary>
internal static class QueueLeftovers
{
    public static readonly string[] Queues = ["waitinate", "summarize"];

    /// <summary>Purges each queue and returns how many messages were still in it.</summary>
    public static async Task<int> PurgeAsync(IResourceWithConnectionString broker, CancellationToken cancellationToken)
    {
        var connectionString = await broker.ConnectionStringExpression.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException("The broker has no connection string.");
        await using var connection = await new ConnectionFactory { Uri = new Uri(connectionString) }.CreateConnectionAsync("waitinator-apphost-purge", cancellationToken);
        var purged = 0;
        foreach (var queue in Queues)
        {
            // A queue that does not exist closes the channel: each queue gets its own.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                purged += (int)await channel.QueuePurgeAsync(queue, cancellationToken);
            }
            catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == Constants.NotFound)
            {
            }
        }

        return purged;
    }
}
