using System.Text.Json.Nodes;

namespace Waitinator.TaskQueue.Execution;

/// <summary>A task the worker can run, by its Celery name. Its result is stored as JSON in the result backend.</summary>
public interface ITaskHandler
{
    string Name { get; }

    ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken);
}
