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
    public async Task<ChordHandle> SubmitAsync(
        string headerTask, int size, string callbackTask, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var groupId = Guid.NewGuid().ToString();
        var callbackId = Guid.NewGuid().ToString();
        var callback = new Signature(callbackTask, [], [], new JsonObject { ["task_id"] = callbackId });
        var headerIds = Enumerable.Range(0, size).Select(_ => Guid.NewGuid().ToString()).ToArray();

        await backend.SetChordSizeAsync(groupId, size);

        // As one batch: the channel pipelines the messages and RabbitMQ confirms them together, where one confirm
        // round trip (and disk sync) per message would spread a wide chord's start over seconds.
        await publisher.PublishManyAsync(
            Enumerable.Range(0, size).Select(index =>
                new TaskMessage(
                    new TaskHeaders
                    {
                        Task = headerTask,
                        Id = headerIds[index],
                        RootId = headerIds[index],
                        Group = groupId,
                        GroupIndex = index,
                        Origin = $"producer-{Environment.ProcessId}@{Environment.MachineName}",
                    },
                    [],
                    [])
                { Chord = callback }),
            cancellationToken);

        return new ChordHandle(groupId, headerIds, callbackId);
    }
}
