using Waitinator.LocalLab;

namespace Waitinator.Tests.Lab;

/// <summary>
/// A real RabbitMQ and a real Redis (<see cref="LocalServers"/>), started once for the tests of one collection (which run
/// one after another) and cleaned between tests.
/// </summary>
public class LabServers : LocalServers, IAsyncLifetime
{
    public Task InitializeAsync() => StartAsync();

    /// <summary>Empties the lab's queues and the backend, so that a test sees only its own tasks.</summary>
    public Task ResetAsync() => ResetAsync("waitinate", "summarize", "noop", Waitinator.TaskQueue.Transport.DeadLetterPublisher.Queue);

    public virtual Task DisposeAsync() => StopAllAsync();
}
