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

    /// <summary>Celery's canvas type of a signature that is not one task (chain, group, chord, ...); null for one task.</summary>
    public string? SubtaskType { get; init; }

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
        if (SubtaskType is null)
        {
            json.WriteNull("subtask_type");
        }
        else
        {
            json.WriteString("subtask_type", SubtaskType);
        }

        json.WriteBoolean("immutable", Immutable);
        json.WriteEndObject();
    }

    private const string NotASignature = "A signature must be an object with a task name.";

    /// <summary>
    /// Checks a chord callback's shape without building it, so that a message carrying a bad one is refused when decoded
    /// rather than failing when the chord fires: every member read later has the type it is read as.
    /// </summary>
    /// <param name="element">The signature.</param>
    /// <param name="taskId">The task whose message carries it.</param>
    /// <param name="embedded">Where the message carries it: chord, callbacks, errbacks or chain.</param>
    internal static void CheckShape(JsonElement element, string? taskId = null, string embedded = "chord")
    {
        var where = embedded == "chord" ? "chord callback" : $"'{embedded}' signature";
        MalformedMessageException Malformed(string field, string problem) =>
            new($"The {where}'s '{field}' {problem}.") { TaskId = taskId };

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("task", out var task) || task.ValueKind != JsonValueKind.String)
        {
            throw new MalformedMessageException($"The {where} is not a signature: {NotASignature}") { TaskId = taskId };
        }

        if (Member(element, "subtask_type") is { } type)
        {
            // A chain, group or chord nested here would need Celery's canvas logic: refused at once, not dropped when it is due.
            throw Malformed("subtask_type", type.ValueKind == JsonValueKind.String
                ? $"is '{type.GetString()}': this worker runs single-task signatures only, not a nested {type.GetString()}"
                : $"must be null; it is {type.ValueKind}");
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

        foreach (var text in (ReadOnlySpan<string>)["task_id", "reply_to", "routing_key"])
        {
            if (Member(options, text) is { ValueKind: not JsonValueKind.String } value)
            {
                throw Malformed(text, $"option must be text; it is {value.GetRawText()}");
            }
        }

        foreach (var seconds in (ReadOnlySpan<string>)["countdown", "time_limit", "soft_time_limit"])
        {
            if (Member(options, seconds) is { } value && !(value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and < MaxSeconds))
            {
                throw Malformed(seconds, $"option must be a number of seconds; it is {value.GetRawText()}");
            }
        }

        if (Member(options, "eta") is { } eta && !(eta.ValueKind == JsonValueKind.String && CeleryTime.TryParse(eta.GetString(), out _)))
        {
            throw Malformed("eta", $"option must be an ISO 8601 time; it is {eta.GetRawText()}");
        }

        if (Member(options, "expires") is { } expires
            && !(expires.ValueKind == JsonValueKind.String && CeleryTime.TryParse(expires.GetString(), out _))
            && !(expires.ValueKind == JsonValueKind.Number && expires.GetDouble() is >= 0 and < MaxSeconds))
        {
            throw Malformed("expires", $"option must be an ISO 8601 time or a number of seconds; it is {expires.GetRawText()}");
        }

        if (Member(options, "queue") is { } queue && !(queue.ValueKind == JsonValueKind.String
            || (queue.ValueKind == JsonValueKind.Object && queue.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)))
        {
            throw Malformed("queue", $"option must be a queue name; it is {queue.GetRawText()}");
        }

        if (Member(options, "ignore_result") is { ValueKind: not (JsonValueKind.True or JsonValueKind.False) } ignore)
        {
            throw Malformed("ignore_result", $"option must be true or false; it is {ignore.GetRawText()}");
        }

        foreach (var linked in (ReadOnlySpan<string>)["link", "link_error"])
        {
            if (Member(options, linked) is not { } link)
            {
                continue;
            }

            foreach (var signature in link.ValueKind == JsonValueKind.Array ? link.EnumerateArray().ToList() : [link])
            {
                CheckShape(signature, taskId, $"{embedded}.{linked}");
            }
        }
    }

    /// <summary>A hundred years: longer waits and limits are not meant, and TimeSpan takes them.</summary>
    private const double MaxSeconds = 100 * 365.25 * 86400;

    /// <summary>
    /// Celery's Signature.apply_async as a message (celery/canvas.py, app/trace.py): the partial arguments, with the
    /// parent's result first unless the signature is immutable, and its options: task_id (else <paramref name="fallbackId"/>,
    /// so that a message published again keeps its id), countdown or eta, expires, time limits, link and link_error,
    /// queue (or routing_key), reply_to and ignore_result. Every copy is marked run-once: the engine may publish it again.
    /// </summary>
    /// <param name="parentResult">What the signature receives first: the parent's result (link, chain, chord callback) or its id (errback).</param>
    /// <param name="parent">The task whose outcome applies the signature, for root_id and parent_id.</param>
    /// <param name="chain">What follows in a chain, in Celery's reversed order.</param>
    public TaskMessage ToMessage(JsonNode? parentResult, TaskHeaders parent, string fallbackId, string origin, JsonArray? chain = null)
    {
        var now = DateTimeOffset.UtcNow;
        var eta = Options["countdown"] is JsonValue countdown ? CeleryTime.Format(now.AddSeconds(countdown.GetValue<double>()))
            : Options["eta"]?.GetValue<string>();
        var expires = Options["expires"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var time) => time,
            JsonValue value => CeleryTime.Format(now.AddSeconds(value.GetValue<double>())),
            _ => null,
        };
        var args = Immutable
            ? (JsonArray)Args.DeepClone()
            : [parentResult?.DeepClone(), .. Args.Select(a => a?.DeepClone())];
        return new TaskMessage(
            new TaskHeaders
            {
                Task = Task,
                Id = TaskId ?? fallbackId,
                RootId = parent.RootId ?? parent.Id,
                ParentId = parent.Id,
                Eta = eta,
                Expires = expires,
                TimeLimit = [Seconds("time_limit"), Seconds("soft_time_limit")],
                IgnoreResult = Options["ignore_result"]?.GetValue<bool>() ?? false,
                Origin = origin,
                RunOnce = true,
            },
            args,
            (JsonObject)Kwargs.DeepClone())
        {
            ReplyTo = Options["reply_to"]?.GetValue<string>(),
            Queue = Options["queue"] switch
            {
                JsonObject queue => queue["name"]!.GetValue<string>(),
                JsonValue queue => queue.GetValue<string>(),
                _ => Options["routing_key"]?.GetValue<string>(),
            },
            Callbacks = Linked("link"),
            Errbacks = Linked("link_error"),
            Chain = chain is { Count: > 0 } ? (JsonArray)chain.DeepClone() : null,
        };
    }

    private double? Seconds(string option) => Options[option] is JsonValue value ? value.GetValue<double>() : null;

    private JsonArray? Linked(string option) => Options[option] switch
    {
        JsonArray list when list.Count > 0 => (JsonArray)list.DeepClone(),
        JsonObject one => [one.DeepClone()],
        _ => null,
    };

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
            json["immutable"]?.GetValue<bool>() ?? false)
        {
            SubtaskType = json["subtask_type"]?.GetValue<string>(),
        };
    }
}
