using System.Text.Json.Nodes;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Client;

/// <summary>
/// Submits chords as Celery's client does with the Redis backend (celery/canvas.py, _chord.run): the chord size
/// goes to the backend first, then each header task is published with its group, its index and the callback.
/// </summary>
public sealed class ChordClient(TaskPublisher publisher, RedisResultBackend backend)
{
    /// <summary>A chord's ids, chosen before it is submitted: a client can say what it is about to submit, then submit it.</summary>
    public static ChordHandle Plan(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return new ChordHandle(Guid.NewGuid().ToString(), Enumerable.Range(0, size).Select(_ => Guid.NewGuid().ToString()).ToArray(), Guid.NewGuid().ToString());
    }

    public Task<ChordHandle> SubmitAsync(string headerTask, int size, string callbackTask, CancellationToken cancellationToken = default) =>
        SubmitAsync(Plan(size), headerTask, callbackTask, cancellationToken);

    /// <summary>Submits a chord planned with <see cref="Plan"/>.</summary>
    public async Task<ChordHandle> SubmitAsync(ChordHandle chord, string headerTask, string callbackTask, CancellationToken cancellationToken = default)
    {
        var callback = new Signature(callbackTask, [], [], new JsonObject { ["task_id"] = chord.CallbackTaskId });
        await backend.SetChordSizeAsync(chord.GroupId, chord.HeaderTaskIds.Count);

        // As one batch: the channel pipelines the messages and RabbitMQ confirms them together, where one confirm
        // round trip (and disk sync) per message would spread a wide chord's start over seconds.
        await publisher.PublishManyAsync(
            chord.HeaderTaskIds.Select((id, index) =>
                new TaskMessage(
                    new TaskHeaders
                    {
                        Task = headerTask,
                        Id = id,
                        RootId = id,
                        Group = chord.GroupId,
                        GroupIndex = index,
                        Origin = $"producer-{Environment.ProcessId}@{Environment.MachineName}",
                    },
                    [],
                    [])
                { Chord = callback }),
            cancellationToken);

        return chord;
    }
}
