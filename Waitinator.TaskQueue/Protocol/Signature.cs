using System.Text.Json;
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
    public void WriteTo(Utf8JsonWriter json)
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

    /// <summary>
    /// Checks a chord callback's shape without building it, so that a message carrying a bad one is refused when decoded
    /// rather than failing when the chord fires: every member read later has the type it is read as.
    /// </summary>
    internal static void CheckShape(JsonElement element, string? taskId = null)
    {
        MalformedMessageException Malformed(string field, string problem) =>
            new($"The chord callback's '{field}' {problem}.") { TaskId = taskId };

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("task", out var task) || task.ValueKind != JsonValueKind.String)
        {
            throw new MalformedMessageException(NotASignature) { TaskId = taskId };
        }

        if (Member(element, "args") is { ValueKind: not JsonValueKind.Array } args)
        {
            throw Malformed("args", $"must be a list; it is {args.ValueKind}");
        }

        if (Member(element, "kwargs") is { ValueKind: not JsonValueKind.Object } kwargs)
        {
            throw Malformed("kwargs", $"must be an object; it is {kwargs.ValueKind}");
        }

        if (Member(element, "immutable") is { ValueKind: not (JsonValueKind.True or JsonValueKind.False) } immutable)
        {
            throw Malformed("immutable", $"must be true or false; it is {immutable.ValueKind}");
        }

        if (Member(element, "chord_size") is { } size && !(size.ValueKind == JsonValueKind.Number && size.TryGetInt32(out var count) && count >= 0))
        {
            throw Malformed("chord_size", $"must be a whole number from 0 to {int.MaxValue}; it is {size.GetRawText()}");
        }

        if (Member(element, "options") is not { } options)
        {
            return;
        }

        if (options.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("options", $"must be an object; it is {options.ValueKind}");
        }

        foreach (var text in (ReadOnlySpan<string>)["task_id", "reply_to"])
        {
            if (Member(options, text) is { ValueKind: not JsonValueKind.String } value)
            {
                throw Malformed(text, $"option must be text; it is {value.GetRawText()}");
            }
        }
    }

    /// <summary>A member of an object, unless absent or null.</summary>
    private static JsonElement? Member(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

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
