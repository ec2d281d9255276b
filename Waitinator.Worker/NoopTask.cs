using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.Worker;

/// <summary>noop: does nothing and returns null; what the queue itself costs per task (the benchmark's noop scenario).</summary>
internal sealed class NoopTask : ITaskHandler
{
    public string Name => "noop";

    public ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<JsonNode?>(null);
}
