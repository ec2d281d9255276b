using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Waitinator.TaskQueue.Concurrency;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Hosting;

/// <summary>
/// The worker, started once the settings are known valid: the consumer feeding the execution pool, or, where the pool's
/// slots are child processes that consume for themselves (no slot in this process), the pool alone.
/// </summary>
internal sealed class WorkerHostedService(IServiceProvider services, IExecutionPool pool, WorkerOptions options) : BackgroundService
{
    private TaskConsumer? _consumer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.SlotsInThisProcess == 0)
        {
            return base.StartAsync(cancellationToken);
        }

        // Resolved only here: the consumer's broker connection opens when first asked for.
        _consumer = services.GetRequiredService<TaskConsumer>();
        return _consumer.StartAsync(cancellationToken);
    }

    /// <summary>The pool alone: this process is handed no deliveries, and stopping it stops the pool warm.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        pool.Start(Channel.CreateUnbounded<Delivery>().Reader, _ => Task.CompletedTask, stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_consumer is not null)
        {
            await _consumer.StopAsync(cancellationToken);
            return;
        }

        await base.StopAsync(cancellationToken);
        if (ExecuteTask is { IsCompleted: false })
        {
            // The shutdown grace is over before the pool stopped warm.
            pool.Terminate();
        }
    }
}
