using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// Keeps the consumer's channel on the process's one broker connection: opens it with the prefetch and the queues
/// declared; when the connection drops or a channel closes, marks the deliveries held until then as gone (the broker
/// delivers them again); and replaces a channel RabbitMQ closed while the connection stays up (a consumer timeout, say),
/// which the client's automatic recovery leaves closed, as it only follows lost connections.
/// </summary>
internal sealed partial class ConsumerChannelSupervisor(
    IConnection connection,
    WorkerOptions options,
    ConsumedQueues queues,
    TaskQueueMetrics metrics,
    ILogger<ConsumerChannelSupervisor> logger)
{
    private DeliveryChannel? _deliveries;
    private Func<IChannel, CancellationToken, Task>? _consume;
    private CancellationToken _intake;

    /// <summary>Opens a channel with the prefetch and the queues declared; supervised once <see cref="Supervise"/> has been called.</summary>
    public async Task<IChannel> OpenAsync(CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        metrics.Track(channel);
        // For the channel's consumers together, as Celery sets it on RabbitMQ: only such a limit can be raised while they
        // consume, which holding eta tasks needs (EtaHold).
        await channel.BasicQosAsync(0, options.PrefetchCount, global: true, cancellationToken);
        foreach (var queue in queues.Names)
        {
            await QueueTopology.DeclareAsync(channel, queue, cancellationToken);
        }

        channel.ChannelShutdownAsync += (_, reason) =>
        {
            _deliveries?.Invalidate();
            if (reason.Initiator == ShutdownInitiator.Peer && !_intake.IsCancellationRequested && _deliveries is not null)
            {
                // Not awaited: the client runs this handler on its connection's loop, which must not wait for a reopen.
                _ = Task.Run(() => ReopenClosedChannelAsync(reason));
            }

            return Task.CompletedTask;
        };
        return channel;
    }

    /// <summary>
    /// From now on a lost connection or channel invalidates <paramref name="deliveries"/>, and a channel RabbitMQ closed
    /// is replaced and consumed again with <paramref name="consume"/>, until <paramref name="intake"/> is cancelled.
    /// </summary>
    public void Supervise(DeliveryChannel deliveries, Func<IChannel, CancellationToken, Task> consume, CancellationToken intake)
    {
        _consume = consume;
        _intake = intake;
        _deliveries = deliveries;
        connection.ConnectionShutdownAsync += (_, _) =>
        {
            deliveries.Invalidate();
            return Task.CompletedTask;
        };
    }

    private async Task ReopenClosedChannelAsync(ShutdownEventArgs reason)
    {
        for (var attempt = 1; !_intake.IsCancellationRequested; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, 0.5 * attempt)));
            if (!connection.IsOpen || _deliveries!.Channel.IsOpen)
            {
                // A lost connection closes its channels too; automatic recovery reopens those.
                return;
            }

            if (attempt == 1)
            {
                LogChannelClosed(reason.ReplyCode, reason.ReplyText, reason.ReplyText.Contains("timed out", StringComparison.OrdinalIgnoreCase)
                    ? " RabbitMQ's consumer_timeout ran out; raise it above the longest task, or lower Worker:PrefetchHoldLimit below it."
                    : string.Empty);
            }

            try
            {
                var replacement = await OpenAsync(_intake);
                _deliveries.Replace(replacement);
                await _consume!(replacement, _intake);
                LogChannelReopened(attempt);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogChannelReopenFailed(attempt, exception.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "RabbitMQ closed the consumer channel ({Code} {Text}); reopening it. Deliveries it held are redelivered, none runs twice.{Hint}")]
    private partial void LogChannelClosed(ushort code, string text, string hint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer channel reopened (attempt {Attempt})")]
    private partial void LogChannelReopened(int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reopening the consumer channel failed (attempt {Attempt}): {Reason}")]
    private partial void LogChannelReopenFailed(int attempt, string reason);
}
