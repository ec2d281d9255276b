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
internal sealed class WorkerHostedService(IServiceProvider services, IExecutionPool pool, WorkerOptions options) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _intake = new();
    private TaskConsumer? _consumer;
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.SlotsInThisProcess > 0)
        {
            // Resolved only here: the consumer's broker connection opens when first asked for.
            _consumer = services.GetRequiredService<TaskConsumer>();
            return _consumer.StartAsync(cancellationToken);
        }

        _running = pool.Start(Channel.CreateUnbounded<Delivery>().Reader, _ => Task.CompletedTask, _intake.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_consumer is not null)
        {
            await _consumer.StopAsync(cancellationToken);
            return;
        }

        await _intake.CancelAsync();
        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            pool.Terminate();
        }
    }

    public void Dispose() => _intake.Dispose();
}
