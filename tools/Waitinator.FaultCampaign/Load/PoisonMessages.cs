using System.Text.Json.Nodes;
using StackExchange.Redis;
using Waitinator.FaultCampaign.History;
using Waitinator.FaultCampaign.Lab;
using Waitinator.LocalLab;
using Waitinator.TaskQueue.Backend;

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
                messages.Add(("waitinate", CeleryMessages.Headers("waitinate", id), "this is not JSON {"));
                break;
            case "bad_header":
                messages.Add(("waitinate", new Dictionary<string, object?>(CeleryMessages.Headers("waitinate", id)) { ["retries"] = "many" }, CeleryMessages.Body()));
                break;
            case "unregistered":
                messages.Add(("waitinate", CeleryMessages.Headers("no_such_task", id), CeleryMessages.Body()));
                break;
            case "unregistered_in_chord":
                var (group, callback, healthy) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
                value["group"] = group;
                value["callback"] = callback;
                value["headers"] = new JsonArray(healthy, id);
                var chord = CeleryMessages.SummarizeCallback(callback);
                messages.Add(("waitinate", CeleryMessages.ChordHeaders("waitinate", healthy, group, 0), CeleryMessages.Body(chord: chord)));
                messages.Add(("waitinate", CeleryMessages.ChordHeaders("no_such_task", id, group, 1), CeleryMessages.Body(chord: chord)));
                break;
            case "too_large":
                messages.Add(("waitinate", CeleryMessages.Headers("waitinate", id), CeleryMessages.Body(args: $"[\"{new string('x', CampaignLab.MaxMessageBytes + 1024)}\"]")));
                break;
            case "rejected_arguments":
                messages.Add(("summarize", CeleryMessages.Headers("summarize", id), CeleryMessages.Body(args: "[[1, 2]]")));
                break;
            case "nested_canvas":
                messages.Add(("waitinate", CeleryMessages.Headers("waitinate", id),
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

            await CeleryMessages.PublishAsync(lab.Servers.BrokerConnectionString, [.. messages]);

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
}
