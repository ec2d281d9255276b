using System.Text.Json.Nodes;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>
/// A Celery signature in its JSON form (celery/canvas.py, Signature as a dict): what a chord carries as its callback.
/// </summary>
public sealed record Signature(string Task, JsonArray Args, JsonObject Kwargs, JsonObject Options, bool Immutable = false)
{
    /// <summary>The id the callback will run under, fixed when the chord was built (options.task_id).</summary>
    public string? TaskId => Options["task_id"]?.GetValue<string>();

    /// <summary>Writes the signature in Celery's dict form.</summary>
    public void WriteTo(System.Text.Json.Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("task", Task);
        json.WritePropertyName("args");
        Args.WriteTo(json);
        json.WritePropertyName("kwargs");
        Kwargs.WriteTo(json);
        json.WritePropertyName("options");
        Options.WriteTo(json);
        json.WriteNull("subtask_type");
        json.WriteBoolean("immutable", Immutable);
        json.WriteEndObject();
    }

    /// <summary>Parses a signature kept as JSON; <see cref="TaskMessageCodec"/> checked its shape when the message was decoded.</summary>
    public static Signature FromJson(ReadOnlySpan<byte> utf8) =>
        FromJson(JsonNode.Parse(utf8) ?? throw new MalformedMessageException("A signature must be an object with a task name."));

    public static Signature FromJson(JsonNode node)
    {
        if (node is not JsonObject json || json["task"] is not JsonValue task)
        {
            throw new MalformedMessageException("A signature must be an object with a task name.");
        }

        return new Signature(
            task.GetValue<string>(),
            json["args"] as JsonArray ?? [],
            json["kwargs"] as JsonObject ?? [],
            json["options"] as JsonObject ?? [],
            json["immutable"]?.GetValue<bool>() ?? false);
    }
}
