using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// Counts a header task's final result in its chord (celery/backends/redis.py, on_chord_part_return), once per task id
/// however often it is delivered; the one header task told that the chord is complete publishes the callback, or stores
/// its ChordError when a header task failed. A copy of that header task delivered again before the chord was forgotten
/// fires it again (its first run may have died before publishing), marked as a copy; the callback is run-once under a
/// fixed id, so however often it is published, it runs once.
/// </summary>
internal sealed class ChordCounter(RedisResultBackend backend, TaskPublisher publisher, Continuations continuations, WorkerIdentity worker)
{
    public async Task CountAsync(TaskMessage message, TaskResult result)
    {
        var progress = await backend.AddChordPartAsync(message.Headers, result.Status, result.Result);
        if (!progress.MustFireCallback)
        {
            return;
        }

        var callback = message.Chord!;
        var callbackId = callback.TaskId ?? DerivedTaskId.Of(message.Headers.Group!, "chord-callback");
        var failed = progress.PartsToFire!.FirstOrDefault(part => part.State != TaskStates.Success);
        if (failed is not null)
        {
            // Celery's ChordError: the callback fails, naming the header task that failed, instead of waiting forever.
            var error = TaskResult.Failure(callbackId, "ChordError", $"Dependency {failed.TaskId} raised {failed.Result?.ToJsonString()}", null, module: "celery.exceptions");
            await continuations.PublishErrbacksAsync(callback.Options["link_error"] switch
            {
                JsonArray list => list,
                JsonObject one => [one.DeepClone()],
                _ => null,
            }, new TaskHeaders { Task = callback.Task, Id = callbackId, RootId = message.Headers.RootId });
            await backend.StoreAsync(error);
        }
        else
        {
            var results = new JsonArray(progress.PartsToFire!.Select(part => part.Result?.DeepClone()).ToArray());
            var fired = callback.ToMessage(results, message.Headers, callbackId, worker.Name);
            await publisher.PublishAsync(progress.FiredBefore ? fired with { Headers = fired.Headers with { Republished = true } } : fired);
        }

        await backend.ForgetChordAsync(message.Headers.Group!);
    }
}
