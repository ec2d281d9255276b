using System.Text;
using RabbitMQ.Client;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.Tests.Lab;

/// <summary>One message read back from the lab's dead-letter queue, with the reason the worker gave.</summary>
internal sealed record DeadLetter(string Id, string ErrorType, string Reason, string Body, string Queue)
{
    /// <summary>Takes up to <paramref name="expected"/> messages off the dead-letter queue, waiting up to 30 s for them.</summary>
    public static async Task<List<DeadLetter>> ReadAsync(string brokerConnectionString, int expected)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(brokerConnectionString) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await QueueTopology.DeclareAsync(channel, DeadLetterPublisher.Queue);
        var dead = new List<DeadLetter>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (dead.Count < expected && DateTime.UtcNow < deadline)
        {
            if (await channel.BasicGetAsync(DeadLetterPublisher.Queue, autoAck: true) is not { } message)
            {
                await Task.Delay(200);
                continue;
            }

            var headers = message.BasicProperties.Headers!;
            dead.Add(new DeadLetter(
                Text(headers.TryGetValue("id", out var id) ? id : null), Text(headers[DeadLetterPublisher.ErrorTypeHeader]), Text(headers[DeadLetterPublisher.ReasonHeader]),
                Encoding.UTF8.GetString(message.Body.Span), Text(headers[DeadLetterPublisher.QueueHeader])));
        }

        return dead;
    }

    private static string Text(object? value) => value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() ?? string.Empty;
}
