using System.Text;
using RabbitMQ.Client;
using StackExchange.Redis;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.LocalLab;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// Celery-shaped messages with one header or body field out of range or of the wrong type, as any peer on the broker
/// could publish them, sent to a real worker of each execution model: each is dead-lettered once with a reason naming
/// the field, a FAILURE is stored for its task id, the worker keeps its consumer and a normal chord completes after them.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed class HostileMessageTests(LabServers servers)
{
    private const string EmptyEmbed = CeleryMessages.EmptyEmbed;

    /// <summary>One message per field: its name, the header to set (or null), and the body.</summary>
    private static readonly (string Field, string? Header, object? Value, string Body)[] Hostile =
    [
        ("retries", "retries", 1L << 40, $"[[], {{}}, {EmptyEmbed}]"),
        ("group_index", "group_index", 1L << 40, $"[[], {{}}, {EmptyEmbed}]"),
        ("eta", "eta", "the day after tomorrow", $"[[], {{}}, {EmptyEmbed}]"),
        ("expires", "expires", 12.5, $"[[], {{}}, {EmptyEmbed}]"),
        ("timelimit", "timelimit", "ten seconds", $"[[], {{}}, {EmptyEmbed}]"),
        ("chord_size", null, null, """[[], {}, {"callbacks": null, "errbacks": null, "chain": null, "chord": {"task": "summarize", "args": [], "kwargs": {}, "options": {}, "chord_size": "seven"}}]"""),
        ("task_id", null, null, """[[], {}, {"callbacks": null, "errbacks": null, "chain": null, "chord": {"task": "summarize", "args": [], "kwargs": {}, "options": {"task_id": 42}}}]"""),
        ("id", "id", 12345L, $"[[], {{}}, {EmptyEmbed}]"),
    ];

    [Theory]
    [InlineData("Solo", 1)]
    [InlineData("Threads", 2)]
    [InlineData("Async", 8)]
    [InlineData("Process", 2)]
    public async Task A_field_out_of_range_or_of_the_wrong_type_is_dead_lettered_and_the_worker_keeps_consuming(string model, int concurrency)
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var worker = await run.StartWorkerAsync(model, concurrency, acks: "Late");

        var ids = new List<string>();
        await using (var connection = await new ConnectionFactory { Uri = new Uri(servers.BrokerConnectionString) }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            foreach (var (field, header, value, body) in Hostile)
            {
                var id = Guid.NewGuid().ToString();
                ids.Add(id);
                var headers = CeleryMessages.Headers("waitinate", id);
                if (header is not null)
                {
                    headers[header] = value;
                }

                var properties = new BasicProperties
                {
                    ContentType = "application/json", ContentEncoding = "utf-8", DeliveryMode = DeliveryModes.Persistent,
                    CorrelationId = id, Headers = headers,
                };
                await channel.BasicPublishAsync("waitinate", "waitinate", mandatory: true, properties, Encoding.UTF8.GetBytes(body));
            }
        }

        // Still consuming: the original chords complete after the hostile messages.
        var report = await run.RunProducerAsync(TimeSpan.FromMinutes(2), 2, 1);
        Assert.Equal(3, report.TaskCount);

        var dead = await DeadLetter.ReadAsync(servers.BrokerConnectionString, Hostile.Length);
        Assert.True(dead.Count == Hostile.Length, $"{dead.Count} of {Hostile.Length} messages dead-lettered. Worker:\n{worker.Output}");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var results = new RedisResultBackend(redis, TimeSpan.FromDays(1));
        for (var index = 0; index < Hostile.Length; index++)
        {
            var (field, header, _, body) = Hostile[index];
            // The message with a numeric id is found by its body's order among the dead letters' ids: it has no text id.
            var letter = header == "id" ? dead.Single(d => d.Id == "12345") : dead.Single(d => d.Id == ids[index]);
            Assert.Equal("malformed_message", letter.ErrorType);
            Assert.Contains($"'{field}'", letter.Reason, StringComparison.Ordinal);
            Assert.Equal(body, letter.Body);
            Assert.Equal("waitinate", letter.Queue);
            if (header != "id")
            {
                // A client waiting on the task reads a FAILURE, not silence; and the log names the task and the reason.
                Assert.Equal(TaskStates.Failure, (await results.GetAsync(ids[index]))?.Status);
                Assert.Contains(ids[index], LogLineNaming(worker.Output, $"'{field}'"), StringComparison.Ordinal);
            }
        }

        await using var check = await new ConnectionFactory { Uri = new Uri(servers.BrokerConnectionString) }.CreateConnectionAsync();
        await using var inspect = await check.CreateChannelAsync();
        var queue = await inspect.QueueDeclarePassiveAsync("waitinate");
        Assert.Equal(0u, queue.MessageCount);
        // Every model consumes in the worker's main process: a process-model supervisor for its children.
        Assert.Equal(1u, queue.ConsumerCount);
        Assert.False(worker.HasExited);
        Assert.DoesNotContain("Performing automatic recovery", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_task_is_not_run_and_its_result_and_chord_say_so()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var worker = await run.StartWorkerAsync("Async", 4);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        var results = new RedisResultBackend(redis, TimeSpan.FromDays(1));
        var group = Guid.NewGuid().ToString();
        var callback = Guid.NewGuid().ToString();
        await results.SetChordSizeAsync(group, 1);

        var id = Guid.NewGuid().ToString();
        var headers = CeleryMessages.Headers("waitinate", id);
        headers["expires"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        headers["group"] = group;
        headers["group_index"] = 0;
        var body = $$$"""[[], {}, {"callbacks": null, "errbacks": null, "chain": null, "chord": {"task": "summarize", "args": [], "kwargs": {}, "options": {"task_id": "{{{callback}}}"}, "immutable": false}}]""";
        await using (var connection = await new ConnectionFactory { Uri = new Uri(servers.BrokerConnectionString) }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var properties = new BasicProperties { ContentType = "application/json", ContentEncoding = "utf-8", CorrelationId = id, Headers = headers };
            await channel.BasicPublishAsync("waitinate", "waitinate", mandatory: true, properties, Encoding.UTF8.GetBytes(body));
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(TaskStates.Revoked, (await results.WaitAsync(id, patience.Token)).Status);
        var chord = await results.WaitAsync(callback, patience.Token);
        Assert.Equal(TaskStates.Failure, chord.Status);
        Assert.Contains(id, chord.Result!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(id, run.RecordedRuns("waitinate_tasks").Keys);
        Assert.Contains("expired", worker.Output, StringComparison.Ordinal);
    }

    private static string LogLineNaming(string output, string text) =>
        output.Split('\n').FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal) && line.Contains("can never run", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No log line says {text} can never run. Output:\n{output}");
}
