using Microsoft.Extensions.DependencyInjection;
using Waitinator.TaskQueue.Hosting;

namespace Waitinator.Tests;

/// <summary>The engine's registration cannot be got wrong by order: a process is a worker or a client, and asking for both fails at once.</summary>
public sealed class TaskQueueRegistrationTests
{
    [Fact]
    public void A_process_registered_as_worker_and_client_is_refused_in_either_order()
    {
        var clientFirst = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTaskQueueClient().AddTaskQueueWorker());
        var workerFirst = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTaskQueueWorker().Services.AddTaskQueueClient());

        Assert.Contains("registered already", clientFirst.Message, StringComparison.Ordinal);
        Assert.Contains("registered already", workerFirst.Message, StringComparison.Ordinal);
    }
}
