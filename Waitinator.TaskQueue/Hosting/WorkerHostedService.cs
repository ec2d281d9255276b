using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Hosting;

/// <summary>
/// The worker, started once the settings are known valid: the consumer feeding the execution pool or, in a process-model
/// child, the runner of the tasks its supervisor hands it (no broker or backend connection is opened there).
/// </summary>
internal sealed class WorkerHostedService(IServiceProvider services, WorkerOptions options) : IHostedService
{
    private IHostedService? _worker;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved only here: the consumer's broker connection opens when first asked for.
        _worker = options.SupervisorSocket is null ? services.GetRequiredService<TaskConsumer>() : services.GetRequiredService<ChildTaskRunner>();
        return _worker.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _worker?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
