using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// What Celery applies once a task has run (celery/app/trace.py, backends/base.py): on success its link callbacks, with
/// its result first in their arguments, and the next task of its chain, carrying the rest of the chain; on failure its
/// link_error errbacks, with its id. They are published before the task's result is stored, as Celery does, so a task
/// whose worker dies in between runs again and publishes them again: under the same derived ids and marked run-once, so
/// that each continuation still runs once.
/// </summary>
internal sealed class Continuations(TaskPublisher publisher, WorkerIdentity worker)
{
    public async Task OnSuccessAsync(TaskMessage message, JsonNode? result)
    {
        var headers = message.Headers;
        for (var index = 0; index < (message.Callbacks?.Count ?? 0); index++)
        {
            var link = Signature.FromJson(message.Callbacks![index]!);
            await publisher.PublishAsync(link.ToMessage(result, headers, DerivedTaskId.Of(headers.Id, $"link-{index}"), worker.Name));
        }

        if (message.Chain is { Count: > 0 } chain)
        {
            // Celery keeps a chain reversed: the last signature runs next, and carries what is left.
            var next = Signature.FromJson(chain[^1]!);
            var rest = new JsonArray(chain.Take(chain.Count - 1).Select(step => step?.DeepClone()).ToArray());
            await publisher.PublishAsync(next.ToMessage(result, headers, DerivedTaskId.Of(headers.Id, "chain"), worker.Name, rest));
        }
    }

    public Task OnFailureAsync(TaskMessage message) => PublishErrbacksAsync(message.Errbacks, message.Headers);

    /// <summary>Celery's errbacks as tasks of their own, given the failed task's id (the form a worker in another language can run).</summary>
    public async Task PublishErrbacksAsync(JsonArray? errbacks, TaskHeaders failed)
    {
        for (var index = 0; index < (errbacks?.Count ?? 0); index++)
        {
            var errback = Signature.FromJson(errbacks![index]!);
            await publisher.PublishAsync(errback.ToMessage(failed.Id, failed, DerivedTaskId.Of(failed.Id, $"errback-{index}"), worker.Name));
        }
    }
}
