using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Processing;

/// <summary>
/// Counts a header task's final result in its chord (celery/backends/redis.py, on_chord_part_return), once per task id
/// however often it is delivered; the one call told that the chord is complete publishes the callback, or stores its
/// ChordError when a header task failed.
/// </summary>
internal sealed class ChordCounter(RedisResultBackend backend, TaskPublisher publisher, WorkerIdentity worker)
{
    public async Task CountAsync(TaskMessage message, TaskResult result)
    {
        var progress = await backend.AddChordPartAsync(message.Headers, result.Status, result.Result);
        if (!progress.MustFireCallback)
        {
            return;
        }

        var callback = message.Chord!;
        var callbackId = callback.TaskId ?? Guid.NewGuid().ToString();
        var failed = progress.PartsToFire!.FirstOrDefault(part => part.State != TaskStates.Success);
        if (failed is not null)
        {
            // Celery's ChordError: the callback fails, naming the header task that failed, instead of waiting forever.
            await backend.StoreAsync(TaskResult.Failure(callbackId, "ChordError", $"Dependency {failed.TaskId} raised {failed.Result?.ToJsonString()}", null));
        }
        else
        {
            var args = callback.Immutable
                ? (JsonArray)callback.Args.DeepClone()
                : [new JsonArray(progress.PartsToFire!.Select(part => part.Result?.DeepClone()).ToArray()), .. callback.Args.Select(a => a?.DeepClone())];
            await publisher.PublishAsync(new TaskMessage(
                new TaskHeaders
                {
                    Task = callback.Task,
                    Id = callbackId,
                    RootId = message.Headers.RootId,
                    ParentId = message.Headers.Id,
                    Origin = worker.Name,
                },
                args,
                (JsonObject)callback.Kwargs.DeepClone())
            {
                ReplyTo = callback.Options["reply_to"]?.GetValue<string>(),
            });
        }

        await backend.ForgetChordAsync(message.Headers.Group!);
    }
}
