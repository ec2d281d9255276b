using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;
using Waitinator.TaskQueue.Telemetry;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>
/// A process-model child: connects to its supervisor's socket, warms its tasks up, says it is ready, then runs the tasks
/// the supervisor hands it, one at a time, and answers each with its result. It holds no broker or backend connection:
/// the supervisor consumes, stores results and acknowledges for every child, as Celery's prefork parent does. It stops
/// when the supervisor closes the socket (or dies), or on a signal once its task is done.
/// </summary>
internal sealed partial class ChildTaskRunner(
    IEnumerable<ITaskHandler> handlers,
    WorkerOptions options,
    WorkerIdentity worker,
    IHostApplicationLifetime lifetime,
    ILogger<ChildTaskRunner> logger) : BackgroundService
{
    private readonly Dictionary<string, ITaskHandler> _handlers = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(options.SupervisorSocket!), stoppingToken);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await WarmUpAsync(stoppingToken);
            await ChildFrames.WriteAsync(stream, new ChildHello(options.ChildIndex ?? 0, Environment.ProcessId), ChildFrameJsonContext.Default.ChildHello, stoppingToken);
            while (await ChildFrames.ReadAsync(stream, ChildFrameJsonContext.Default.ChildRequest, stoppingToken) is { } request)
            {
                // The task runs to its end whatever the host is told meanwhile: the supervisor waits for its answer.
                var answer = await RunAsync(request);
                await ChildFrames.WriteAsync(stream, answer, ChildFrameJsonContext.Default.ChildAnswer, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception) when (exception is IOException or SocketException or InvalidDataException)
        {
            LogSupervisorGone(exception.Message);
        }

        // The supervisor closed the socket: it is stopping, or gone. A child never outlives it.
        lifetime.StopApplication();
    }

    private async Task WarmUpAsync(CancellationToken stoppingToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        foreach (var handler in _handlers.Values)
        {
            try
            {
                await handler.WarmUpAsync(limit.Token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A failing warm-up (a task's service down, say) only delays the failure to the first task.
                LogWarmUpFailed(handler.Name, exception.Message);
            }
        }
    }

    private async Task<ChildAnswer> RunAsync(ChildRequest request)
    {
        var parent = ActivityContext.TryParse(request.TraceParent, null, out var context) ? context : default;
        using var activity = TaskQueueActivitySource.Source.StartActivity($"run {request.Headers.Task}", ActivityKind.Internal, parent);
        if (!_handlers.TryGetValue(request.Headers.Task, out var handler))
        {
            return new ChildAnswer(null, "NotRegistered", $"Task of kind '{request.Headers.Task}' is not registered in the child.", Rejected: true);
        }

        try
        {
            var message = new Protocol.TaskMessage(request.Headers, request.Args, request.Kwargs);
            var result = await handler.RunAsync(new TaskRequest(message, request.Redelivered, request.Queue, worker), CancellationToken.None);
            return new ChildAnswer(result);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            var cause = exception is TaskRetryException { InnerException: { } inner } ? inner : exception;
            return new ChildAnswer(
                null,
                cause.GetType().Name,
                cause.Message,
                cause.ToString(),
                exception is TaskRetryException retry ? retry.Countdown.TotalSeconds : null,
                exception is TaskRejectedException);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The supervisor closed this child's socket ({Reason}); stopping")]
    private partial void LogSupervisorGone(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up of {Task} failed, running anyway: {Reason}")]
    private partial void LogWarmUpFailed(string task, string reason);
}
