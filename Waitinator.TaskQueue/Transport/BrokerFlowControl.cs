using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Transport;

/// <summary>
/// RabbitMQ's flow control of this process's connection: when the broker runs low on memory or disk it blocks the
/// connections that publish (connection.blocked) and stops reading from them, so a publish sent meanwhile would wait for
/// its confirm with no end. Publishes wait here instead, within their outage tolerance, until the broker unblocks the
/// connection; the state is logged when it changes and observed as the metric waitinator.broker.blocked.
/// </summary>
public sealed partial class BrokerFlowControl
{
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private TaskCompletionSource _unblocked = NewOpenGate();
    private long _blockedSince;
    private string? _reason;
    private long _blocks;

    public BrokerFlowControl(IConnection connection, ILogger<BrokerFlowControl> logger)
    {
        _logger = logger;
        connection.ConnectionBlockedAsync += (_, blocked) =>
        {
            Block(blocked.Reason);
            return Task.CompletedTask;
        };
        connection.ConnectionUnblockedAsync += (_, _) =>
        {
            Unblock();
            return Task.CompletedTask;
        };
        // A connection RabbitMQ recovers starts unblocked; the broker says again if it still blocks it.
        connection.ConnectionShutdownAsync += (_, _) =>
        {
            Unblock();
            return Task.CompletedTask;
        };
    }

    public bool IsBlocked
    {
        get
        {
            lock (_gate)
            {
                return _reason is not null;
            }
        }
    }

    /// <summary>How often RabbitMQ has blocked the connection so far.</summary>
    public long Blocks => Interlocked.Read(ref _blocks);

    /// <summary>Returns once the connection is not blocked; cancelled with <paramref name="cancellationToken"/> (the caller's outage tolerance).</summary>
    public Task WaitUntilUnblockedAsync(CancellationToken cancellationToken)
    {
        Task unblocked;
        lock (_gate)
        {
            unblocked = _unblocked.Task;
        }

        return unblocked.IsCompleted ? Task.CompletedTask : WaitAsync(unblocked, cancellationToken);
    }

    private async Task WaitAsync(Task unblocked, CancellationToken cancellationToken)
    {
        try
        {
            await unblocked.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            string? reason;
            lock (_gate)
            {
                reason = _reason;
            }

            throw new TimeoutException($"RabbitMQ has blocked this connection ({reason ?? "unblocked meanwhile"}) for longer than the publish could wait.");
        }
    }

    private void Block(string reason)
    {
        lock (_gate)
        {
            if (_reason is null)
            {
                _unblocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _blockedSince = Environment.TickCount64;
                Interlocked.Increment(ref _blocks);
            }

            _reason = reason;
        }

        LogBlocked(reason);
    }

    private void Unblock()
    {
        double seconds;
        lock (_gate)
        {
            if (_reason is null)
            {
                return;
            }

            _reason = null;
            seconds = (Environment.TickCount64 - _blockedSince) / 1000.0;
            _unblocked.TrySetResult();
        }

        LogUnblocked(seconds);
    }

    private static TaskCompletionSource NewOpenGate()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ blocked this process's connection ({Reason}): publishes wait until it unblocks it, within the outage tolerance")]
    private partial void LogBlocked(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ unblocked this process's connection after {Seconds:F1} s")]
    private partial void LogUnblocked(double seconds);
}
