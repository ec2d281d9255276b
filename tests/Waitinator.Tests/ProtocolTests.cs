using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using Waitinator.Contracts;
using Waitinator.TaskQueue.Protocol;

namespace Waitinator.Tests;

/// <summary>Celery's wire format, checked against a message that Python Celery 5.2.6 itself produced.</summary>
public sealed class ProtocolTests
{
    private static readonly JsonObject PythonMessage =
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Celery", "python-chord-header-message.json")))!.AsObject();

    [Fact]
    public void A_chord_header_message_from_Python_Celery_decodes_with_its_group_index_and_callback()
    {
        var (properties, body) = AsDelivered(PythonMessage);

        var message = TaskMessageCodec.Decode(properties, body);

        var headers = PythonMessage["headers"]!;
        Assert.Equal("waitinate", message.Headers.Task);
        Assert.Equal(headers["id"]!.GetValue<string>(), message.Headers.Id);
        Assert.Equal(headers["group"]!.GetValue<string>(), message.Headers.Group);
        Assert.Equal(0, message.Headers.GroupIndex);
        Assert.Equal(headers["root_id"]!.GetValue<string>(), message.Headers.RootId);
        Assert.Empty(message.Args);
        Assert.Empty(message.Kwargs);
        Assert.NotNull(message.Chord);
        Assert.Equal("summarize", message.Chord.Task);
        var body2 = JsonNode.Parse(PythonMessage["body"]!.GetValue<string>())!;
        Assert.Equal(body2[2]!["chord"]!["options"]!["task_id"]!.GetValue<string>(), message.Chord.TaskId);
        Assert.Equal(PythonMessage["properties"]!["reply_to"]!.GetValue<string>(), message.ReplyTo);
    }

    [Fact]
    public void What_the_lab_encodes_has_every_header_Celery_reads_and_decodes_back_unchanged()
    {
        var callback = new Signature("summarize", [], [], new JsonObject { ["task_id"] = "cb-1" });
        var sent = new TaskMessage(
            new TaskHeaders { Task = "waitinate", Id = "t-1", Group = "g-1", GroupIndex = 2, Retries = 1, Origin = "test", TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
            [1, "two"],
            new JsonObject { ["x"] = 3 })
        { Chord = callback, ReplyTo = "reply" };

        var (properties, body) = TaskMessageCodec.Encode(sent);

        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal("utf-8", properties.ContentEncoding);
        Assert.Equal("t-1", properties.CorrelationId);
        Assert.Equal(DeliveryModes.Persistent, properties.DeliveryMode);
        foreach (var header in new[] { "lang", "task", "id", "shadow", "eta", "expires", "group", "group_index", "retries", "timelimit", "root_id", "parent_id", "argsrepr", "kwargsrepr", "origin", "ignore_result" })
        {
            Assert.True(properties.Headers!.ContainsKey(header), $"header {header} is missing");
        }

        var parts = JsonNode.Parse(body)!.AsArray();
        Assert.Equal(3, parts.Count);
        Assert.Equal("summarize", parts[2]!["chord"]!["task"]!.GetValue<string>());
        Assert.True(parts[2]!.AsObject().ContainsKey("callbacks"));

        var received = TaskMessageCodec.Decode(AsReceived(properties), body);
        Assert.Equal(sent.Headers.Id, received.Headers.Id);
        Assert.Equal(sent.Headers.Group, received.Headers.Group);
        Assert.Equal(2, received.Headers.GroupIndex);
        Assert.Equal(1, received.Headers.Retries);
        Assert.Equal(sent.Headers.TraceParent, received.Headers.TraceParent);
        Assert.Equal("cb-1", received.Chord!.TaskId);
        Assert.Equal(sent.Args.ToJsonString(), received.Args.ToJsonString());
        Assert.Equal(sent.Kwargs.ToJsonString(), received.Kwargs.ToJsonString());
    }

    [Fact]
    public void A_Python_message_sent_again_keeps_its_callback_its_language_and_headers_the_lab_does_not_model()
    {
        var (delivered, body) = AsDelivered(PythonMessage);
        var properties = new BasicProperties(delivered)
        {
            Headers = new Dictionary<string, object?>(delivered.Headers!)
            {
                ["x-tenant"] = Encoding.UTF8.GetBytes("blue"),
                ["x-limits"] = new Dictionary<string, object?> { ["tries"] = 3L, ["soft"] = true },
            },
        };
        var message = TaskMessageCodec.Decode(properties, body);

        // What a retry or a dead-lettered copy publishes: the decoded message encoded again.
        var (sentAgain, bodyAgain) = TaskMessageCodec.Encode(message with { Headers = message.Headers with { Retries = 1 } });
        var again = TaskMessageCodec.Decode(AsReceived(sentAgain), bodyAgain);

        Assert.Equal("py", Encoding.UTF8.GetString((byte[])delivered.Headers!["lang"]!));
        Assert.Equal("py", again.Headers.Lang);
        Assert.Equal(1, again.Headers.Retries);
        Assert.Equal("blue", again.Headers.Other["x-tenant"]!.GetValue<string>());
        Assert.Equal(3, again.Headers.Other["x-limits"]!["tries"]!.GetValue<long>());
        Assert.True(again.Headers.Other["x-limits"]!["soft"]!.GetValue<bool>());
        var chord = JsonNode.Parse(PythonMessage["body"]!.GetValue<string>())![2]!["chord"]!;
        Assert.True(JsonNode.DeepEquals(chord, JsonNode.Parse(bodyAgain)![2]!["chord"]), "the chord callback changed on the way");
        Assert.Equal(chord["options"]!["task_id"]!.GetValue<string>(), again.Chord!.TaskId);
    }

    [Theory]
    [InlineData("application/json", "[[], {}, {\"chord\": {\"args\": []}}]", "must be an object with a task name")]
    [InlineData("application/json", "[[], {}, {\"chord\": 5}]", "must be an object with a task name")]
    [InlineData("application/json", "not json", "is not JSON")]
    [InlineData("application/json", "{\"a\": 1}", "is not [args, kwargs, embed]")]
    [InlineData("application/x-python-serialize", "[[], {}, {}]", "is not supported")]
    public void A_message_Celery_could_not_run_is_refused_with_the_reason(string contentType, string body, string reason)
    {
        var properties = new BasicProperties { ContentType = contentType, Headers = new Dictionary<string, object?> { ["task"] = Encoding.UTF8.GetBytes("waitinate"), ["id"] = Encoding.UTF8.GetBytes("t-9") } };

        var failure = Assert.Throws<MalformedMessageException>(() => TaskMessageCodec.Decode(properties, Encoding.UTF8.GetBytes(body)));
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, object?, string> HeadersOutOfRange => new()
    {
        { "retries", 1L << 40, "'retries'" },
        { "retries", -1, "'retries'" },
        { "group_index", 1L << 31, "'group_index'" },
        { "group_index", "first", "'group_index'" },
        { "eta", "tomorrow", "'eta'" },
        { "eta", 1_700_000_000L, "'eta'" },
        { "expires", "never", "'expires'" },
        { "timelimit", "ten", "'timelimit'" },
        { "timelimit", new List<object?> { "a", null }, "'timelimit'" },
        { "timelimit", new List<object?> { -1.0, null }, "'timelimit'" },
        { "origin", new Dictionary<string, object?>(), "'origin'" },
    };

    [Theory]
    [MemberData(nameof(HeadersOutOfRange))]
    public void A_header_out_of_range_or_of_the_wrong_type_is_refused_naming_the_header_and_the_task(string header, object? value, string named)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            Headers = new Dictionary<string, object?> { ["task"] = "waitinate", ["id"] = "t-9", [header] = value },
        };

        var failure = Assert.Throws<MalformedMessageException>(() => TaskMessageCodec.Decode(properties, "[[], {}, {}]"u8.ToArray()));
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
        Assert.Equal("t-9", failure.TaskId);
    }

    [Theory]
    [InlineData("""{"task": "summarize", "options": {"task_id": 42}}""", "'task_id'")]
    [InlineData("""{"task": "summarize", "options": {"reply_to": []}}""", "'reply_to'")]
    [InlineData("""{"task": "summarize", "options": []}""", "'options'")]
    [InlineData("""{"task": "summarize", "chord_size": "seven"}""", "'chord_size'")]
    [InlineData("""{"task": "summarize", "chord_size": 8589934592}""", "'chord_size'")]
    [InlineData("""{"task": "summarize", "immutable": "yes"}""", "'immutable'")]
    [InlineData("""{"task": "summarize", "args": {}}""", "'args'")]
    public void A_chord_callback_with_a_member_of_the_wrong_type_is_refused_when_decoded(string callback, string named)
    {
        var properties = new BasicProperties { ContentType = "application/json", Headers = new Dictionary<string, object?> { ["task"] = "waitinate", ["id"] = "t-9" } };

        var failure = Assert.Throws<MalformedMessageException>(() => TaskMessageCodec.Decode(properties, Encoding.UTF8.GetBytes($"[[], {{}}, {{\"chord\": {callback}}}]")));
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
        Assert.Equal("t-9", failure.TaskId);
    }

    [Fact]
    public void Celery_s_own_header_values_decode()
    {
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            Headers = new Dictionary<string, object?>
            {
                ["task"] = "waitinate", ["id"] = "t-9", ["retries"] = 3, ["group_index"] = 6L,
                ["eta"] = "2026-12-07T21:33:28.123456+00:00", ["expires"] = "2026-12-07T21:43:28.123456",
                ["timelimit"] = new List<object?> { 30, 10.5 },
            },
        };

        var headers = TaskMessageCodec.Decode(properties, "[[], {}, {}]"u8.ToArray()).Headers;

        Assert.Equal(3, headers.Retries);
        Assert.Equal(6, headers.GroupIndex);
        Assert.Equal("2026-12-07T21:33:28.123456+00:00", headers.Eta);
        Assert.Equal([30.0, 10.5], headers.TimeLimit);
    }

    [Fact]
    public void A_result_is_stored_in_the_shape_Celery_reads()
    {
        var result = TaskResult.Success("t-1", new JsonObject { ["n"] = 1 }, new TaskHeaders { Task = "waitinate", Id = "t-1", Group = "g-1" });

        var meta = JsonNode.Parse(result.ToJson())!.AsObject();

        Assert.Equal("SUCCESS", meta["status"]!.GetValue<string>());
        Assert.Equal(1, meta["result"]!["n"]!.GetValue<int>());
        Assert.Null(meta["traceback"]);
        Assert.Empty(meta["children"]!.AsArray());
        Assert.Equal("g-1", meta["group_id"]!.GetValue<string>());
        Assert.Equal("t-1", meta["task_id"]!.GetValue<string>());
        // Python's datetime.fromisoformat must read date_done.
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", meta["date_done"]!.GetValue<string>());
    }

    [Fact]
    public void The_producer_s_ideal_is_the_perfect_queue_on_every_worker_set_s_slots_and_names_the_sets()
    {
        static WaitinateResult Result(string worker, string pool, int concurrency, int slots, double sleep) =>
            new(Guid.NewGuid().ToString(), "r", sleep, sleep, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(sleep), worker, 1, pool, concurrency, slots);

        var oneSlot = ExperimentReport.Of([ChordSummary.Of("c", "w", [Result("w", "solo", 1, 1, 2), Result("w", "solo", 1, 1, 3)])]);
        // Three sleeps of 1 s on two slots: two rounds (2 s), where sum / slots says 1.5 s.
        var twoSlots = ExperimentReport.Of([ChordSummary.Of("c", "w", [Result("w", "async", 2, 2, 1), Result("w", "async", 2, 2, 1), Result("w", "async", 2, 2, 1)])]);
        // Three replicas of async 2 each ran a task; two children of a process pool of 4 ran the others (one set of 4).
        var replicas = ExperimentReport.Of([ChordSummary.Of("c", "w", [Result("a", "async", 2, 2, 1), Result("b", "async", 2, 2, 1), Result("c", "async", 2, 2, 1)])]);
        var children = ExperimentReport.Of([ChordSummary.Of("c", "w", [Result("p1", "process", 4, 1, 1), Result("p2", "process", 4, 1, 1)])]);

        Assert.Equal((5, 5), (oneSlot.IdealSeconds, oneSlot.LowerBoundSeconds));
        Assert.Equal((2, 1.5), (twoSlots.IdealSeconds, twoSlots.LowerBoundSeconds));
        Assert.Equal(["async 3x2"], replicas.Pools);
        Assert.Equal(6, replicas.Slots);
        Assert.Equal(["process 4"], children.Pools);
        Assert.Equal(4, children.Slots);
    }

    private static (IReadOnlyBasicProperties, byte[]) AsDelivered(JsonObject message)
    {
        // RabbitMQ.Client hands string headers to a consumer as UTF-8 bytes.
        var headers = message["headers"]!.AsObject().ToDictionary(pair => pair.Key, pair => ToAmqp(pair.Value));
        var properties = new BasicProperties
        {
            ContentType = message["properties"]!["content_type"]!.GetValue<string>(),
            ContentEncoding = message["properties"]!["content_encoding"]!.GetValue<string>(),
            CorrelationId = message["properties"]!["correlation_id"]!.GetValue<string>(),
            ReplyTo = message["properties"]!["reply_to"]!.GetValue<string>(),
            Headers = headers,
        };
        return (properties, Encoding.UTF8.GetBytes(message["body"]!.GetValue<string>()));
    }

    private static BasicProperties AsReceived(BasicProperties sent) => new()
    {
        ContentType = sent.ContentType,
        ContentEncoding = sent.ContentEncoding,
        CorrelationId = sent.CorrelationId,
        ReplyTo = sent.ReplyTo,
        Headers = sent.Headers!.ToDictionary(pair => pair.Key, pair => pair.Value is string text ? Encoding.UTF8.GetBytes(text) : pair.Value),
    };

    private static object? ToAmqp(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(ToAmqp).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) => Encoding.UTF8.GetBytes(text),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        _ => node.ToJsonString(),
    };
}
