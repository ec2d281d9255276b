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

    private const string NotASignature = "A signature must be an object with a task name.";

    /// <summary>Checks a signature's shape without building it, so that a message carrying a bad one is refused when decoded.</summary>
    internal static void CheckShape(System.Text.Json.JsonElement element)
    {
        if (element.ValueKind != System.Text.Json.JsonValueKind.Object || !element.TryGetProperty("task", out var task)
            || task.ValueKind != System.Text.Json.JsonValueKind.String)
        {
            throw new MalformedMessageException(NotASignature);
        }
    }

    /// <summary>Parses a signature kept as JSON, its shape checked by <see cref="CheckShape"/> when the message was decoded.</summary>
    public static Signature FromJson(ReadOnlySpan<byte> utf8) => FromJson(JsonNode.Parse(utf8) ?? throw new MalformedMessageException(NotASignature));

    public static Signature FromJson(JsonNode node)
    {
        if (node is not JsonObject json || json["task"] is not JsonValue task)
        {
            throw new MalformedMessageException(NotASignature);
        }

        return new Signature(
            task.GetValue<string>(),
            json["args"] as JsonArray ?? [],
            json["kwargs"] as JsonObject ?? [],
            json["options"] as JsonObject ?? [],
            json["immutable"]?.GetValue<bool>() ?? false);
    }
}
