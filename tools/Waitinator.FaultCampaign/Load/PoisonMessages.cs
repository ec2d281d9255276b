using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.FaultCampaign.History;
using Waitinator.FaultCampaign.Lab;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.FaultCampaign.Load;

/// <summary>
/// Messages that can never run, published by the campaign as any peer on the broker could, each with the dead-letter
/// reason the worker must give it: not JSON, a header of the wrong type, an unregistered task (alone, and as one header
/// task of a chord, whose callback must then fail naming it), a body over Worker:MaxMessageBytes, arguments its task
/// refuses, a nested canvas in a chain.
/// </summary>
public sealed class PoisonMessages(CampaignLab lab, HistoryLog history)
{
    /// <summary>Each kind and the error type its dead letter must carry.</summary>
    public static readonly IReadOnlyList<(string Kind, string Expected)> Kinds =
    [
        ("not_json", "malformed_message"),
        ("bad_header", "malformed_message"),
        ("unregistered", "NotRegistered"),
        ("unregistered_in_chord", "NotRegistered"),
        ("too_large", "message_too_large"),
        ("rejected_arguments", "TaskRejectedException"),
        ("nested_canvas", "malformed_message"),
    ];

    /// <summary>Publishes one poison message of <paramref name="kind"/>, confirmed, recording it before and after.</summary>
    public async Task PublishAsync(string kind)
    {
        var expected = Kinds.Single(k => k.Kind == kind).Expected;
        var id = Guid.NewGuid().ToString();
        var value = new JsonObject { ["id"] = id, ["kind"] = kind, ["expected"] = expected };
        var messages = new List<(string Queue, Dictionary<string, object?> Headers, string Body)>();
        switch (kind)
        {
            case "not_json":
                messages.Add(("waitinate", Headers("waitinate", id), "this is not JSON {"));
                break;
            case "bad_header":
                messages.Add(("waitinate", new Dictionary<string, object?>(Headers("waitinate", id)) { ["retries"] = "many" }, Body()));
                break;
            case "unregistered":
                messages.Add(("waitinate", Headers("no_such_task", id), Body()));
                break;
            case "unregistered_in_chord":
                var (group, callback, healthy) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
                value["group"] = group;
                value["callback"] = callback;
                value["headers"] = new JsonArray(healthy, id);
                var chord = $$$"""{"task": "summarize", "args": [], "kwargs": {}, "options": {"task_id": "{{{callback}}}"}, "subtask_type": null, "immutable": false}""";
                messages.Add(("waitinate", ChordHeaders("waitinate", healthy, group, 0), Body(chord: chord)));
                messages.Add(("waitinate", ChordHeaders("no_such_task", id, group, 1), Body(chord: chord)));
                break;
            case "too_large":
                messages.Add(("waitinate", Headers("waitinate", id), Body(args: $"[\"{new string('x', CampaignLab.MaxMessageBytes + 1024)}\"]")));
                break;
            case "rejected_arguments":
                messages.Add(("summarize", Headers("summarize", id), Body(args: "[[1, 2]]")));
                break;
            case "nested_canvas":
                messages.Add(("waitinate", Headers("waitinate", id),
                    """[[], {}, {"callbacks": null, "errbacks": null, "chain": [{"task": "noop", "args": [], "kwargs": {}, "options": {}, "subtask_type": "group", "immutable": false}], "chord": null}]"""));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a poison kind.");
        }

        history.Write(HistoryEvent.Invoke, HistoryEvent.Poison, value);
        try
        {
            if (value["group"] is not null)
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(lab.Servers.BackendConnectionString);
                await new RedisResultBackend(redis, TimeSpan.FromDays(1)).SetChordSizeAsync(value["group"]!.GetValue<string>(), 2);
            }

            await using var connection = await new ConnectionFactory { Uri = new Uri(lab.Servers.BrokerConnectionString) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            foreach (var (queue, headers, body) in messages)
            {
                await QueueTopology.DeclareAsync(channel, queue);
                var properties = new BasicProperties
                {
                    ContentType = "application/json", ContentEncoding = "utf-8", DeliveryMode = DeliveryModes.Persistent, Headers = headers,
                };
                await channel.BasicPublishAsync(queue, queue, mandatory: true, properties, Encoding.UTF8.GetBytes(body));
            }

            history.Write(HistoryEvent.Ok, HistoryEvent.Poison, (JsonObject)value.DeepClone());
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A server down at that moment: the message may or may not be out.
            var info = (JsonObject)value.DeepClone();
            info["error"] = $"{exception.GetType().Name}: {exception.Message}";
            history.Write(HistoryEvent.Info, HistoryEvent.Poison, info);
        }
    }

    private static string Body(string args = "[]", string chord = "null") =>
        $$$"""[{{{args}}}, {}, {"callbacks": null, "errbacks": null, "chain": null, "chord": {{{chord}}}}]""";

    private static Dictionary<string, object?> Headers(string task, string id) => new()
    {
        ["lang"] = "py",
        ["task"] = task,
        ["id"] = id,
        ["group"] = null,
        ["group_index"] = null,
        ["retries"] = 0,
        ["timelimit"] = new List<object?> { null, null },
        ["root_id"] = id,
        ["parent_id"] = null,
        ["argsrepr"] = "()",
        ["kwargsrepr"] = "{}",
        ["origin"] = "campaign@poison",
        ["ignore_result"] = false,
    };

    private static Dictionary<string, object?> ChordHeaders(string task, string id, string group, int index) =>
        new(Headers(task, id)) { ["group"] = group, ["group_index"] = index };
}
