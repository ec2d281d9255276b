using System.Collections.Concurrent;
using System.Diagnostics;
using RabbitMQ.Client;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.TaskQueue.Broker;

/// <summary>
/// Publishes task messages on a channel of its own with publisher confirms, so that a publish that returns is on the
/// broker's disk: a chord callback or a chord's header is never lost between a worker and RabbitMQ.
/// </summary>
public sealed class TaskPublisher(IConnection connection, TaskRoutes routes, TaskQueueMetrics metrics) : IAsyncDisposable
{
    private readonly SemaphoreSlim _open = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _declared = new();
    private IChannel? _channel;

    public async Task PublishAsync(TaskMessage message, CancellationToken cancellationToken = default)
    {
        var queue = routes.QueueFor(message.Headers.Task);
        var channel = await ChannelAsync(cancellationToken);
        if (!_declared.ContainsKey(queue))
        {
            await QueueTopology.DeclareAsync(channel, queue, cancellationToken);
            _declared[queue] = true;
        }

        using var activity = TaskQueueActivitySource.StartPublish(queue, message.Headers.Task, message.Headers.Id);
        var headers = message.Headers with
        {
            TraceParent = activity?.Id ?? Activity.Current?.Id ?? message.Headers.TraceParent,
            SentAt = DateTimeOffset.UtcNow,
        };
        var (properties, body) = TaskMessageCodec.Encode(message with { Headers = headers });
        await channel.BasicPublishAsync(queue, queue, mandatory: true, properties, body, cancellationToken);
        metrics.Published(queue);
    }

    /// <summary>Opens the confirming channel ahead of the first publish.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default) => await ChannelAsync(cancellationToken);

    private async ValueTask<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _open.WaitAsync(cancellationToken);
        try
        {
            if (_channel is not { IsOpen: true })
            {
                _declared.Clear();
                _channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                    cancellationToken);
                metrics.Track(_channel);
            }

            return _channel;
        }
        finally
        {
            _open.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        _open.Dispose();
    }
}
