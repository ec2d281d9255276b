using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Waitinator.TaskQueue.Execution;

/// <summary>Starts the consumer, or in the Process model the supervisor of child consumers, once the settings are known valid.</summary>
internal sealed class WorkerHostedService(IServiceProvider services, WorkerOptions options) : IHostedService
{
    private readonly IHostedService _inner = options is { ExecutionModel: ExecutionModel.Process, SupervisorProcessId: null }
        ? services.GetRequiredService<ProcessPoolSupervisor>()
        : services.GetRequiredService<CeleryWorker>();

    public Task StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _inner.StopAsync(cancellationToken);
}
