using System.Text;
using RabbitMQ.Client;

namespace Waitinator.LocalLab;

/// <summary>Task messages as any Celery peer on the broker sends them, built by hand and published as they are.</summary>
public static class CeleryMessages
{
    public const string EmptyEmbed = """{"callbacks": null, "errbacks": null, "chain": null, "chord": null}""";

    /// <summary>The headers Celery 5's as_task_v2 sends for a task without options.</summary>
    public static Dictionary<string, object?> Headers(string task, string id) => new()
    {
        ["lang"] = "py",
        ["task"] = task,
        ["id"] = id,
        ["shadow"] = null,
        ["eta"] = null,
        ["expires"] = null,
        ["group"] = null,
        ["group_index"] = null,
        ["retries"] = 0,
        ["timelimit"] = new List<object?> { null, null },
        ["root_id"] = id,
        ["parent_id"] = null,
        ["argsrepr"] = "()",
        ["kwargsrepr"] = "{}",
        ["origin"] = "gen1@test",
        ["ignore_result"] = false,
    };

    /// <summary>The headers of one header task of a chord: its group and index.</summary>
    public static Dictionary<string, object?> ChordHeaders(string task, string id, string group, int index)
    {
        var headers = Headers(task, id);
        headers["group"] = group;
        headers["group_index"] = index;
        return headers;
    }

    /// <summary>[args, kwargs, embed] as Celery sends them, with the embed's chord signature, if any, as JSON.</summary>
    public static string Body(string args = "[]", string chord = "null") =>
        $$$"""[{{{args}}}, {}, {"callbacks": null, "errbacks": null, "chain": null, "chord": {{{chord}}}}]""";

    /// <summary>The signature of a chord's callback: a summarize running under <paramref name="callbackId"/>.</summary>
    public static string SummarizeCallback(string callbackId) =>
        $$$"""{"task": "summarize", "args": [], "kwargs": {}, "options": {"task_id": "{{{callbackId}}}"}, "subtask_type": null, "immutable": false}""";

    /// <summary>[args, kwargs, embed] of a chord's header task, its callback a summarize running under <paramref name="callbackId"/>.</summary>
    public static string ChordBody(string callbackId, string args = "[]") => Body(args, SummarizeCallback(callbackId));

    /// <summary>Publishes each message to the queue of its name, persistent, as Celery does.</summary>
    public static async Task PublishAsync(string brokerConnectionString, params (string Queue, Dictionary<string, object?> Headers, string Body)[] messages)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(brokerConnectionString) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var (queue, headers, body) in messages)
        {
            await Waitinator.TaskQueue.Transport.QueueTopology.DeclareAsync(channel, queue);
            var properties = new BasicProperties
            {
                ContentType = "application/json", ContentEncoding = "utf-8", DeliveryMode = DeliveryModes.Persistent,
                CorrelationId = headers["id"] as string, Headers = headers,
            };
            await channel.BasicPublishAsync(queue, queue, mandatory: true, properties, Encoding.UTF8.GetBytes(body));
        }
    }
}
