using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Hosting;

/// <summary>
/// The worker, started once the settings are known valid: the consumer feeding the execution pool or, in a process-model
/// child, the runner of the tasks its supervisor hands it (no broker or backend connection is opened there). The host
/// watches only the services registered with it, so this one watches the worker it starts: a worker that fails says why
/// and stops the host with exit code 1, as the host does for a failing background service.
/// </summary>
internal sealed partial class WorkerHostedService(
    IServiceProvider services,
    WorkerOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<WorkerHostedService> logger) : IHostedService
{
    private BackgroundService? _worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved only here: the consumer's broker connection opens when first asked for.
        _worker = options.SupervisorSocket is null ? services.GetRequiredService<TaskConsumer>() : services.GetRequiredService<ChildTaskRunner>();
        await _worker.StartAsync(cancellationToken);
        if (_worker.ExecuteTask is { } running)
        {
            _ = WatchAsync(running);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _worker?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    private async Task WatchAsync(Task running)
    {
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped by the host.
        }
        catch (Exception exception)
        {
            LogWorkerFailed(exception);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The worker failed and the host stops")]
    private partial void LogWorkerFailed(Exception exception);
}
