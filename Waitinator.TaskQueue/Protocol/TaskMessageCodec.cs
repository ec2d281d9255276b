using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>Turns task messages into AMQP properties and a JSON body, and back, exactly as Celery 5 does with its JSON serializer.</summary>
public static class TaskMessageCodec
{
    public const string ContentType = "application/json";
    public const string ContentEncoding = "utf-8";

    private static readonly HashSet<string> ModelledHeaders =
    [
        "lang", "task", "id", "root_id", "parent_id", "group", "group_index", "retries", "eta", "expires", "timelimit",
        "argsrepr", "kwargsrepr", "origin", "shadow", "ignore_result", "traceparent",
        SentAtHeader, RepublishedHeader, RunOnceHeader, GivenBackHeader,
    ];

    // The 16 Celery headers, traceparent, this engine's four, and the x-dotnet-pub-seq-no that RabbitMQ.Client adds to a
    // confirmed publish: a table grown from empty is reallocated several times a message (docs/performance.md).
    private const int HeaderCapacity = 22;

    private const string SentAtHeader = "waitinator_sent_at";
    private const string RepublishedHeader = "waitinator_republished";
    private const string RunOnceHeader = "waitinator_run_once";
    private const string GivenBackHeader = "waitinator_given_back";

    public static (BasicProperties Properties, byte[] Body) Encode(TaskMessage message)
    {
        var h = message.Headers;
        var headers = new Dictionary<string, object?>(HeaderCapacity + h.Other.Count)
        {
            ["lang"] = h.Lang ?? "dotnet",
            ["task"] = h.Task,
            ["id"] = h.Id,
            ["shadow"] = h.Shadow,
            ["eta"] = h.Eta,
            ["expires"] = h.Expires,
            ["group"] = h.Group,
            ["group_index"] = h.GroupIndex,
            ["retries"] = h.Retries,
            ["timelimit"] = new List<object?> { h.TimeLimit.ElementAtOrDefault(0), h.TimeLimit.ElementAtOrDefault(1) },
            ["root_id"] = h.RootId ?? h.Id,
            ["parent_id"] = h.ParentId,
            ["argsrepr"] = h.ArgsRepr ?? Repr(message.Args),
            ["kwargsrepr"] = h.KwargsRepr ?? "{}",
            ["origin"] = h.Origin,
            ["ignore_result"] = h.IgnoreResult,
        };
        if (h.TraceParent is not null)
        {
            headers["traceparent"] = h.TraceParent;
        }

        // Headers this codec does not model travel on, so that a retried or dead-lettered copy loses none of them.
        foreach (var (key, value) in h.Other)
        {
            headers.TryAdd(key, ToAmqp(value));
        }

        if (h.Republished)
        {
            headers[RepublishedHeader] = true;
        }

        if (h.RunOnce)
        {
            headers[RunOnceHeader] = true;
        }

        if (h.GivenBack > 0)
        {
            headers[GivenBackHeader] = h.GivenBack;
        }

        if (h.SentAt is { } sentAt)
        {
            headers[SentAtHeader] = sentAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        var properties = new BasicProperties
        {
            ContentType = ContentType,
            ContentEncoding = ContentEncoding,
            DeliveryMode = DeliveryModes.Persistent,
            Priority = 0,
            CorrelationId = h.Id,
            ReplyTo = message.ReplyTo,
            Headers = headers,
        };

        return (properties, EncodeBody(message));
    }

    /// <summary>[args, kwargs, {callbacks, errbacks, chain, chord}], written straight to bytes: no tree is built or cloned per message.</summary>
    private static byte[] EncodeBody(TaskMessage message) => JsonBytes.Write(message, static (json, task) =>
    {
        json.WriteStartArray();
        task.Args.WriteTo(json);
        task.Kwargs.WriteTo(json);
        json.WriteStartObject();
        json.WriteNode("callbacks", task.Callbacks);
        json.WriteNode("errbacks", task.Errbacks);
        json.WriteNode("chain", task.Chain);
        json.WritePropertyName("chord");
        if (task.ChordJson is { } raw)
        {
            json.WriteRawValue(raw, skipInputValidation: true);
        }
        else if (task.Chord is { } chord)
        {
            chord.WriteTo(json);
        }
        else
        {
            json.WriteNullValue();
        }

        json.WriteEndObject();
        json.WriteEndArray();
    });

    /// <summary>
    /// Reads a delivery as a task message. Whatever a peer sends, a message that cannot be read fails here as a
    /// <see cref="MalformedMessageException"/> naming the field at fault, never with another exception.
    /// </summary>
    public static TaskMessage Decode(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        try
        {
            return DecodeChecked(properties, body);
        }
        catch (MalformedMessageException)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new MalformedMessageException($"The message could not be decoded: {exception.GetType().Name}: {exception.Message}", exception)
            {
                TaskId = properties.Headers?.TryGetValue("id", out var id) == true ? id as string ?? (id is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null) : null,
            };
        }
    }

    private static TaskMessage DecodeChecked(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var headers = DecodeHeaders(properties);
        var id = headers.Id;
        using var document = ParseBody(body, id);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != 3
            || root[0].ValueKind != JsonValueKind.Array || root[1].ValueKind != JsonValueKind.Object
            || root[2].ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            throw new MalformedMessageException($"The body of task {id} is not [args, kwargs, embed].") { TaskId = id };
        }

        // The nodes belong to this message alone; whoever moves a node into another tree clones it.
        return WithEmbed(new TaskMessage(headers, (JsonArray)Detach(root[0]), (JsonObject)Detach(root[1])) { ReplyTo = properties.ReplyTo }, root[2]);
    }

    /// <summary>
    /// Reads a message's headers and its embed (callbacks, errbacks, chain, chord) without its arguments, which are
    /// skipped unread: for a body too large to run, whose task must still fail in its chord. Throws a
    /// <see cref="MalformedMessageException"/> as <see cref="Decode"/> does.
    /// </summary>
    public static TaskMessage DecodeWithoutArguments(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        try
        {
            var headers = DecodeHeaders(properties);
            var reader = new Utf8JsonReader(body.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray
                || !reader.Read() || reader.TokenType != JsonTokenType.StartArray || !reader.TrySkip()
                || !reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.TrySkip()
                || !reader.Read())
            {
                throw new MalformedMessageException($"The body of task {headers.Id} is not [args, kwargs, embed].") { TaskId = headers.Id };
            }

            using var embed = JsonDocument.ParseValue(ref reader);
            return WithEmbed(new TaskMessage(headers, [], []) { ReplyTo = properties.ReplyTo }, embed.RootElement);
        }
        catch (Exception exception) when (exception is not (MalformedMessageException or OutOfMemoryException))
        {
            throw new MalformedMessageException($"The message could not be decoded: {exception.GetType().Name}: {exception.Message}", exception)
            {
                TaskId = properties.Headers?.TryGetValue("id", out var id) == true ? id as string ?? (id is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null) : null,
            };
        }
    }

    private static TaskHeaders DecodeHeaders(IReadOnlyBasicProperties properties)
    {
        var table = properties.Headers ?? new Dictionary<string, object?>();
        var headers = new HeaderValues(table, null);
        var id = headers.Text("id");
        headers = new HeaderValues(table, id);
        var task = headers.Text("task");
        if (task is null || id is null)
        {
            throw new MalformedMessageException("The message has no 'task' and 'id' headers: it is not a Celery protocol v2 task message.") { TaskId = id };
        }

        if (!string.Equals(properties.ContentType, ContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new MalformedMessageException(
                $"Content type '{properties.ContentType}' is not supported: the worker speaks Celery's JSON serializer ({ContentType}).") { TaskId = id };
        }

        return new TaskHeaders
        {
            Task = task,
            Id = id,
            Lang = headers.Text("lang"),
            RootId = headers.Text("root_id"),
            ParentId = headers.Text("parent_id"),
            Group = headers.Text("group"),
            GroupIndex = headers.Count("group_index"),
            Retries = headers.Count("retries") ?? 0,
            Eta = headers.Time("eta"),
            Expires = headers.Time("expires"),
            TimeLimit = headers.TimeLimits("timelimit"),
            ArgsRepr = headers.Text("argsrepr"),
            KwargsRepr = headers.Text("kwargsrepr"),
            Origin = headers.Text("origin"),
            Shadow = headers.Text("shadow"),
            IgnoreResult = headers.Flag("ignore_result"),
            TraceParent = headers.Text("traceparent"),
            Republished = headers.Flag(RepublishedHeader),
            RunOnce = headers.Flag(RunOnceHeader),
            GivenBack = headers.Count(GivenBackHeader) ?? 0,
            // A malformed time only loses the queue-wait sample, not the task.
            SentAt = DateTimeOffset.TryParseExact(headers.TextOrNull(SentAtHeader), "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sentAt) ? sentAt : null,
            Other = OtherHeaders(table),
        };
    }

    /// <summary>
    /// The embed's chord callback (kept as its JSON), link callbacks, errbacks and chain, each checked to be a signature
    /// (or a list of them) so that a message carrying a bad one is refused now, not when its task has run.
    /// </summary>
    private static TaskMessage WithEmbed(TaskMessage message, JsonElement embed)
    {
        var id = message.Headers.Id;
        var chord = Embedded(embed, "chord");
        if (chord is { } callback)
        {
            Signature.CheckShape(callback, id);
        }

        return message with
        {
            ChordJson = chord is { } raw ? JsonMarshal.GetRawUtf8Value(raw).ToArray() : null,
            Callbacks = Signatures(embed, "callbacks", id),
            Errbacks = Signatures(embed, "errbacks", id),
            Chain = Signatures(embed, "chain", id),
        };
    }

    /// <summary>A list of signatures in the embed, or null when absent, null or empty.</summary>
    private static JsonArray? Signatures(JsonElement embed, string name, string id)
    {
        if (Embedded(embed, name) is not { } list)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new MalformedMessageException($"The embed's '{name}' must be a list of signatures; it is {list.ValueKind}.") { TaskId = id };
        }

        foreach (var signature in list.EnumerateArray())
        {
            Signature.CheckShape(signature, id, name);
        }

        return list.GetArrayLength() == 0 ? null : (JsonArray)Detach(list);
    }

    /// <summary>A pooled document read in place: only the parts the task keeps are copied out of it, not the whole body as a tree.</summary>
    private static JsonDocument ParseBody(ReadOnlyMemory<byte> body, string id)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw new MalformedMessageException($"The body of task {id} is not JSON: {exception.Message}", exception) { TaskId = id };
        }
    }

    /// <summary>A member of the embed object, unless absent or null.</summary>
    private static JsonElement? Embedded(JsonElement embed, string name) =>
        embed.ValueKind == JsonValueKind.Object && embed.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A node of its own for an array or object of the pooled document, which is returned to its pool after decoding.</summary>
    private static JsonNode Detach(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array when element.GetArrayLength() == 0 => new JsonArray(),
        JsonValueKind.Object when !element.EnumerateObject().MoveNext() => new JsonObject(),
        _ => JsonNode.Parse(JsonMarshal.GetRawUtf8Value(element))!,
    };

    /// <summary>Headers this codec does not model, kept for the result and for tools; none in a message of Celery's or this engine's own.</summary>
    private static IReadOnlyDictionary<string, JsonNode?> OtherHeaders(IDictionary<string, object?> headers)
    {
        Dictionary<string, JsonNode?>? other = null;
        foreach (var (key, value) in headers)
        {
            if (!ModelledHeaders.Contains(key))
            {
                (other ??= new Dictionary<string, JsonNode?>(StringComparer.Ordinal))[key] = ToJson(value);
            }
        }

        return (IReadOnlyDictionary<string, JsonNode?>?)other ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, JsonNode?>.Empty;
    }

    private static string Repr(JsonArray args) => args.Count == 0 ? "()" : "(" + string.Join(", ", args.Select(a => a?.ToJsonString() ?? "None")) + ")";

    private static object? ToAmqp(JsonNode? node) => node switch
    {
        null => null,
        JsonObject map => map.ToDictionary(pair => pair.Key, pair => ToAmqp(pair.Value)),
        JsonArray list => list.Select(ToAmqp).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.TryGetValue<double>(out var number) => number,
        _ => node.ToJsonString(),
    };

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        byte[] bytes => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        IDictionary<string, object?> map => new JsonObject(map.Select(pair => KeyValuePair.Create(pair.Key, ToJson(pair.Value)))),
        IList list => new JsonArray(list.Cast<object?>().Select(ToJson).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
