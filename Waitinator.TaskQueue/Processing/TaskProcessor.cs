using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Resilience;
using Waitinator.TaskQueue.Telemetry;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// Runs one delivery from start to acknowledgement: decode, run the handler once per task id, publish what follows it
/// (link, chain, errbacks), store the result, count it in its chord and fire the callback exactly once. One bad message
/// never stops the worker, and never keeps it busy: it is dead-lettered, or given back with back-off a limited number of times.
/// </summary>
internal sealed partial class TaskProcessor(
    IEnumerable<ITaskHandler> handlers,
    RedisResultBackend backend,
    TaskPublisher publisher,
    ChordCounter chords,
    Continuations continuations,
    RunOnceClaims claims,
    MessageRejection rejection,
    Redelivery redelivery,
    TaskQueueMetrics metrics,
    WorkerOptions options,
    WorkerIdentity worker,
    ILogger<TaskProcessor> logger)
{
    private readonly Dictionary<string, ITaskHandler> _handlers = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

    // Task id to its run in this process: a copy the broker redelivers while the first still runs (after a reconnection
    // or a closed channel) waits for it instead of running the task a second time.
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>Connects to the result backend, opens the publisher's channel and warms every handler before the first delivery.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await backend.GetAsync("waitinator-warm-up");
        await publisher.WarmUpAsync(cancellationToken);
        foreach (var handler in _handlers.Values)
        {
            await handler.WarmUpAsync(cancellationToken);
        }
    }

    public async Task ProcessAsync(Delivery delivery, DeliveryChannel channel)
    {
        var started = Stopwatch.GetTimestamp();
        string? errorType = null;
        try
        {
            errorType = await ProcessMessageAsync(delivery, channel);
        }
        catch (Exception exception)
        {
            errorType = exception.GetType().Name;
            throw;
        }
        finally
        {
            metrics.Processed(delivery.Queue, Stopwatch.GetElapsedTime(started), errorType);
        }
    }

    /// <summary>Returns null when the task succeeded, else what went wrong (OpenTelemetry's error.type).</summary>
    private async Task<string?> ProcessMessageAsync(Delivery delivery, DeliveryChannel channel)
    {
        if (delivery.Body.Length > options.MaxMessageBytes)
        {
            // Its headers and chord are read without its arguments, so that its chord counts it as failed.
            TaskMessage? envelope = null;
            try
            {
                envelope = TaskMessageCodec.DecodeWithoutArguments(delivery.Properties, delivery.Body);
            }
            catch (MalformedMessageException)
            {
            }

            return await rejection.RejectAsync(delivery, channel, "message_too_large",
                $"The body is {delivery.Body.Length} bytes; Worker:MaxMessageBytes allows {options.MaxMessageBytes}.", envelope?.Headers.Id ?? TaskIdOf(delivery), envelope);
        }

        TaskMessage message;
        try
        {
            message = TaskMessageCodec.Decode(delivery.Properties, delivery.Body);
        }
        catch (MalformedMessageException exception)
        {
            return await rejection.RejectAsync(delivery, channel, "malformed_message", exception.Message, exception.TaskId);
        }

        // From here on the decoded headers are the only copy: a dead-lettered message's properties are encoded again from them.
        delivery.ReleaseProperties();
        try
        {
            return await DispatchAsync(delivery, channel, message);
        }
        catch (Exception exception) when (OutageRetry.IsServerUnavailable(exception))
        {
            // Redis or RabbitMQ gone for longer than the outage tolerance: the message is fine, and runs again later.
            return await redelivery.GiveBackAsync(delivery, channel, message, exception);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A value no check foresaw, or a bug: given back, the message would be delivered again at once, for ever.
            LogDispatchFailed(exception, message.Headers.Task, message.Headers.Id);
            return await rejection.RejectAsync(delivery, channel, "processing_failed", $"{exception.GetType().Name}: {exception.Message}", message.Headers.Id, message);
        }
    }

    private async Task<string?> DispatchAsync(Delivery delivery, DeliveryChannel channel, TaskMessage message)
    {
        var headers = message.Headers;
        using var activity = TaskQueueActivitySource.StartProcess(delivery.Queue, headers.Task, headers.Id, headers.TraceParent, delivery.Redelivered);
        if (!_handlers.TryGetValue(headers.Task, out var handler))
        {
            // Celery's NotRegistered: the result says so, so that a client or a chord waiting on it does not hang.
            activity?.SetStatus(ActivityStatusCode.Error, "NotRegistered");
            return await rejection.RejectAsync(delivery, channel, "NotRegistered", $"Task of kind '{headers.Task}' is not registered.", headers.Id, message);
        }

        if (options.Acks == AckMode.Early)
        {
            await channel.AckAsync(delivery);
        }

        // The consumer holds a task given an eta until it is due, outside the slots (EtaHold); what is left here is the
        // clock's rounding.
        if (CeleryTime.TryParse(headers.Eta, out var due))
        {
            await WaitUntilAsync(due);
        }

        if (CeleryTime.TryParse(headers.Expires, out var expires) && expires <= DateTimeOffset.UtcNow)
        {
            // Celery's expired task: not run, its result REVOKED, counted in its chord as a failure.
            LogExpired(headers.Task, headers.Id, CeleryTime.Format(expires));
            return await SettleWithoutRunningAsync(delivery, channel, message, TaskResult.Revoked(headers.Id, "expired", headers));
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var copy = delivery.Redelivered || headers.Republished || headers.GivenBack > 0;
        while (!_running.TryAdd(headers.Id, done.Task))
        {
            if (_running.TryGetValue(headers.Id, out var earlier))
            {
                LogAwaitingEarlierCopy(headers.Task, headers.Id);
                await earlier;
                copy = true;
            }
        }

        try
        {
            return await RunOnceAsync(delivery, channel, message, handler, copy, activity);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, Task>(headers.Id, done.Task));
            done.SetResult();
        }
    }

    /// <summary>Waits for an eta in steps: one Task.Delay takes at most about 49 days.</summary>
    private static async Task WaitUntilAsync(DateTimeOffset due)
    {
        for (var left = due - DateTimeOffset.UtcNow; left > TimeSpan.Zero; left = due - DateTimeOffset.UtcNow)
        {
            await Task.Delay(left < LongestWait ? left : LongestWait);
        }
    }

    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private static string? TaskIdOf(Delivery delivery) =>
        delivery.Properties.Headers?.TryGetValue("id", out var id) == true ? id switch
        {
            string text => text,
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            _ => null,
        } : null;

    /// <summary>
    /// Runs the task unless it has run: a run-once task whose run another copy claimed and finished, or a copy
    /// (redelivered, republished, given back, or waited for an earlier copy here) of one whose final result is stored.
    /// Then publishes what follows it, stores its result (never over a final one), counts the result stored in its
    /// chord, and acknowledges.
    /// </summary>
    private async Task<string?> RunOnceAsync(Delivery delivery, DeliveryChannel channel, TaskMessage message, ITaskHandler handler, bool copy, Activity? activity)
    {
        var headers = message.Headers;
        RunOnceClaims.HeldRun? claim = null;
        try
        {
            TaskResult? earlier = null;
            if (headers.RunOnce)
            {
                claim = await claims.AcquireAsync(headers);
                if (claim is null)
                {
                    return await SettleRunAsync(delivery, channel, message, await backend.GetAsync(headers.Id));
                }
            }

            // A claimed run-once task was checked with its claim.
            if (copy && claim is null && await backend.GetAsync(headers.Id) is { } stored && TaskStates.IsReady(stored.Status))
            {
                earlier = stored;
            }

            var (result, problem) = earlier is not null
                ? (earlier, null)
                : await RunAsync(handler, new TaskRequest(message, delivery.Redelivered, delivery.Queue, worker));
            if (problem is TaskRetryException retry)
            {
                return await RetryAsync(delivery, channel, message, retry, claim);
            }

            if (problem is TaskRejectedException rejected)
            {
                // Wrong arguments: the result is a FAILURE like any other (a chord reports it), and a copy of the message is kept.
                await rejection.CopyToDeadLetterAsync(delivery, rejected.GetType().Name, rejected.Message, headers.Id, message);
            }

            if (earlier is null)
            {
                // Before the result is stored, as Celery does: a client that sees the result finds its continuations published.
                await (result.Status == TaskStates.Success ? continuations.OnSuccessAsync(message, result.Result) : continuations.OnFailureAsync(message));
            }

            if (!headers.IgnoreResult || claim is not null)
            {
                using var store = TaskQueueActivitySource.StartInternal("store result");
                result = await backend.StoreAsync(result, claim?.Key);
                claim?.Completed = true;
            }

            return await SettleRunAsync(delivery, channel, message, result, activity);
        }
        finally
        {
            if (claim is not null)
            {
                await claim.DisposeAsync();
            }
        }
    }

    /// <summary>Counts a task's stored result in its chord and acknowledges (late acks); returns null for a SUCCESS, else its state.</summary>
    private async Task<string?> SettleRunAsync(Delivery delivery, DeliveryChannel channel, TaskMessage message, TaskResult? result, Activity? activity = null)
    {
        if (result is not null && message is { Headers.Group: not null, HasChord: true })
        {
            using var chord = TaskQueueActivitySource.StartInternal("chord part");
            await chords.CountAsync(message, result);
        }

        if (options.Acks == AckMode.Late)
        {
            await channel.AckAsync(delivery);
        }

        if (result is null or { Status: TaskStates.Success })
        {
            return null;
        }

        activity?.SetStatus(ActivityStatusCode.Error, result.Status);
        return result.Status;
    }

    /// <summary>
    /// Publishes the task again, its retry count raised and its eta set, confirmed before this delivery is acknowledged:
    /// the task is never in neither place. Its result says RETRY meanwhile; its chord counts only the final run.
    /// </summary>
    private async Task<string> RetryAsync(Delivery delivery, DeliveryChannel channel, TaskMessage message, TaskRetryException retry, RunOnceClaims.HeldRun? claim)
    {
        var headers = message.Headers;
        var due = DateTimeOffset.UtcNow + retry.Countdown;
        await publisher.PublishAsync(message with
        {
            Headers = headers with { Retries = headers.Retries + 1, Eta = CeleryTime.Format(due), GivenBack = 0 },
        });
        await backend.StoreAsync(TaskResult.Retry(headers.Id, retry.InnerException ?? retry, headers), claim?.Key);
        claim?.Completed = true;
        await channel.AckAsync(delivery);
        metrics.Retried(headers.Task);
        LogRetrying(headers.Task, headers.Id, headers.Retries + 1, retry.Countdown.TotalSeconds, retry.InnerException?.Message ?? retry.Message);
        return "retry";
    }

    /// <summary>
    /// Runs the handler within the message's time limits (Celery's [hard, soft]); a <see cref="TaskRejectedException"/>
    /// (the message can never run) comes back beside its FAILURE, a <see cref="TaskRetryException"/> beside a result nobody stores.
    /// </summary>
    private async Task<(TaskResult Result, Exception? Problem)> RunAsync(ITaskHandler handler, TaskRequest request)
    {
        var headers = request.Message.Headers;
        var (hard, soft) = (headers.TimeLimit.ElementAtOrDefault(0), headers.TimeLimit.ElementAtOrDefault(1));
        using var limits = hard is null && soft is null ? null : new CancellationTokenSource();
        if (soft is not null)
        {
            // Celery raises SoftTimeLimitExceeded inside the task; a .NET task is told through its cancellation token.
            limits!.CancelAfter(TimeSpan.FromSeconds(soft.Value));
        }

        var measuring = metrics.Start(handler.Name, headers.SentAt);
        try
        {
            var running = handler.RunAsync(request, limits?.Token ?? CancellationToken.None);
            JsonNode? value;
            if (hard is { } hardSeconds)
            {
                var task = running.AsTask();
                if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(hardSeconds))) != task)
                {
                    // Celery's hard limit kills the pool process; here the run is told to stop and abandoned, and the task fails.
                    await limits!.CancelAsync();
                    _ = task.ContinueWith(static abandoned => abandoned.Exception, TaskContinuationOptions.OnlyOnFaulted);
                    measuring.End(succeeded: false);
                    LogHardTimeLimit(headers.Task, request.Id, hardSeconds);
                    return (TaskResult.Failure(request.Id, "TimeLimitExceeded", $"TimeLimitExceeded({hardSeconds})", null, headers, "billiard.exceptions"), null);
                }

                value = await task;
            }
            else
            {
                value = await running;
            }

            measuring.End(succeeded: true);
            return (TaskResult.Success(request.Id, value, headers), null);
        }
        catch (OperationCanceledException) when (limits is { IsCancellationRequested: true } && soft is { } softSeconds)
        {
            measuring.End(succeeded: false);
            LogSoftTimeLimit(headers.Task, request.Id, softSeconds);
            return (TaskResult.Failure(request.Id, "SoftTimeLimitExceeded", $"SoftTimeLimitExceeded({softSeconds})", null, headers, "billiard.exceptions"), null);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            measuring.End(succeeded: false);
            if (exception is not (TaskRejectedException or TaskRetryException))
            {
                LogTaskFailed(exception, headers.Task, request.Id);
            }

            var failure = TaskResult.Failure(request.Id, exception.GetType().Name, exception.Message, exception.ToString(), headers);
            return (failure, exception as TaskRejectedException ?? (Exception?)(exception as TaskRetryException));
        }
    }

    /// <summary>Stores a result the task did not run for (expired), counts it in its chord, and acknowledges.</summary>
    private async Task<string?> SettleWithoutRunningAsync(Delivery delivery, DeliveryChannel channel, TaskMessage message, TaskResult result)
    {
        var stored = await backend.StoreAsync(result);
        if (message is { Headers.Group: not null, HasChord: true })
        {
            await chords.CountAsync(message, stored);
        }

        await channel.AckAsync(delivery);
        return stored.Status == TaskStates.Success ? null : stored.Status;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {Task}[{TaskId}] failed outside its handler; the message is dead-lettered, not given back to run again")]
    private partial void LogDispatchFailed(Exception exception, string task, string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {Task}[{TaskId}] expired at {Expires}; not run, stored as REVOKED")]
    private partial void LogExpired(string task, string taskId, string expires);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}[{TaskId}] retry {Retry} in {Seconds:F1} s: {Reason}")]
    private partial void LogRetrying(string task, string taskId, int retry, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {Task}[{TaskId}] delivered again while it runs here; the copy waits for that run instead of running twice")]
    private partial void LogAwaitingEarlierCopy(string task, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}[{TaskId}] failed")]
    private partial void LogTaskFailed(Exception exception, string task, string taskId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hard time limit ({Seconds} s) exceeded for {Task}[{TaskId}]: the task failed with TimeLimitExceeded; its run was told to stop and is abandoned")]
    private partial void LogHardTimeLimit(string task, string taskId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Soft time limit ({Seconds} s) exceeded for {Task}[{TaskId}]: the task stopped when told and failed with SoftTimeLimitExceeded")]
    private partial void LogSoftTimeLimit(string task, string taskId, double seconds);
}
