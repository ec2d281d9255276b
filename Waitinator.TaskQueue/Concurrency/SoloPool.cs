using System.Threading.Channels;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>The Solo model (Celery's solo pool): one task at a time, on one thread of its own.</summary>
internal sealed class SoloPool : IExecutionPool
{
    public Task Start(ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake) =>
        ThreadsPool.StartSlot(0, deliveries, run, intake);

    public void Terminate()
    {
        // A background thread ends with the process.
    }
}
