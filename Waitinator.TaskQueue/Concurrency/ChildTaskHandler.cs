using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Processing;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>
/// A task of the Process model as its supervisor sees it: the supervisor decodes, stores and acknowledges as in every
/// model, and only the handler itself runs in the child process that the slot holds.
/// </summary>
internal sealed class ChildTaskHandler(string name, ProcessPool pool) : ITaskHandler
{
    public string Name => name;

    public ValueTask<JsonNode?> RunAsync(TaskRequest request, CancellationToken cancellationToken) => pool.RunInChildAsync(request);
}
