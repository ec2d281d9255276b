using System.Collections.Concurrent;
using System.Diagnostics;
using RabbitMQ.Client;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Resilience;
using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// Publishes task messages on a channel of its own with publisher confirms, so that a publish that returns is on the
/// broker's disk: a chord callback or a chord's header is never lost between a worker and RabbitMQ. A publish waits
/// through a restart of RabbitMQ with <paramref name="outage"/>, and while RabbitMQ blocks the connection
/// (<paramref name="flow"/>), within the outage tolerance; one sent again is marked, because its first copy may have
/// reached the queue before the connection dropped.
/// </summary>
public sealed class TaskPublisher(IConnection connection, TaskRoutes routes, TaskQueueMetrics metrics, OutageRetry? outage = null, BrokerFlowControl? flow = null)
    : IAsyncDisposable
{
    private const int MaxUnconfirmed = 16_384;

    private readonly SemaphoreSlim _open = new(1, 1);
    // Held while a batch's publishes are written (not while their confirms are awaited): ten thousand concurrent
    // publishes would convoy on the channel's confirmation lock, each release handing it to a waiter on another thread.
    private readonly SemaphoreSlim _batch = new(1, 1);
    // One declaration per queue and channel, shared by concurrent publishes: a thousand header tasks published at once
    // must not each wait on a declare round trip of their own.
    private readonly ConcurrentDictionary<string, Lazy<Task>> _declared = new();
    private IChannel? _channel;

    public Task PublishAsync(TaskMessage message, CancellationToken cancellationToken = default) =>
        RetryAsync((attempt, token) => PublishOnceAsync(attempt == 0 ? message : message with { Headers = message.Headers with { Republished = true } }, token), cancellationToken);

    /// <summary>
    /// Publishes a batch (a chord's header tasks): each message is written in turn by one caller, and the confirms of
    /// all of them are awaited together. Each message is retried on its own through an outage, as <see cref="PublishAsync"/> does.
    /// </summary>
    public async Task PublishManyAsync(IEnumerable<TaskMessage> messages, CancellationToken cancellationToken = default)
    {
        var confirms = new List<Task>();
        await _batch.WaitAsync(cancellationToken);
        try
        {
            // Each publish runs synchronously until it waits for its confirm, unless the socket pushes back.
            foreach (var message in messages)
            {
                confirms.Add(PublishAsync(message, cancellationToken));
            }
        }
        finally
        {
            _batch.Release();
        }

        await Task.WhenAll(confirms);
    }

    private async Task PublishOnceAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        var queue = message.Queue ?? routes.QueueFor(message.Headers.Task);
        var channel = await ChannelAsync(cancellationToken);
        await DeclareOnceAsync(channel, queue, cancellationToken);
        if (flow is not null)
        {
            await flow.WaitUntilUnblockedAsync(cancellationToken);
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

    private Task RetryAsync(Func<int, CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        outage is null ? operation(0, cancellationToken) : outage.ExecuteAsync(operation, cancellationToken);

    /// <summary>
    /// Publishes a body as it is, confirmed, to <paramref name="queue"/> on this publisher's channel, riding out an outage
    /// as every publish does; <paramref name="properties"/> is asked again for each attempt.
    /// </summary>
    internal Task PublishAsIsAsync(string queue, Func<BasicProperties> properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        RetryAsync(async (_, token) =>
        {
            var channel = await ChannelAsync(token);
            await DeclareOnceAsync(channel, queue, token);
            if (flow is not null)
            {
                await flow.WaitUntilUnblockedAsync(token);
            }

            await channel.BasicPublishAsync(queue, queue, mandatory: true, properties(), body, token);
        }, cancellationToken);

    private async Task DeclareOnceAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        // Shared by concurrent publishes, so not cancelled by any one of them: each stops waiting at its own deadline.
        var declaring = _declared.GetOrAdd(queue, name => new Lazy<Task>(() => QueueTopology.DeclareAsync(channel, name, CancellationToken.None)));
        try
        {
            await declaring.Value.WaitAsync(cancellationToken);
        }
        catch when (declaring.Value.IsFaulted)
        {
            // A declaration that failed (the broker went away) is not remembered: the next publish declares again.
            _declared.TryRemove(new KeyValuePair<string, Lazy<Task>>(queue, declaring));
            throw;
        }
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
                // RabbitMQ.Client throttles from 64 unconfirmed publishes by default; a chord of a thousand goes out at
                // once and RabbitMQ confirms it in a few batches, so the limit is set where memory, not latency, matters.
                _channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(
                        publisherConfirmationsEnabled: true,
                        publisherConfirmationTrackingEnabled: true,
                        outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(MaxUnconfirmed)),
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
        _batch.Dispose();
    }
}
