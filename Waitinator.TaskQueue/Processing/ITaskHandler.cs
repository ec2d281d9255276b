using System.Text.Json.Nodes;

namespace Waitinator.TaskQueue.Processing;

/// <summary>A task the worker can run, by its Celery name. Its result is stored as JSON in the result backend.</summary>
public interface ITaskHandler
{
    string Name { get; }

    ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Opens what the first task would otherwise open (connections, pools, compiled code) before the worker consumes,
    /// so a cold process does not stretch the first task it takes. Must have no effect a user could see.
    /// </summary>
    ValueTask WarmUpAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
