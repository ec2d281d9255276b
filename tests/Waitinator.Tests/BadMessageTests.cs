using System.Text;
using RabbitMQ.Client;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Protocol;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// Messages that can never run, sent to a real worker through a real RabbitMQ: each goes to the dead-letter queue with
/// its reason, is counted and logged once, and the worker goes on to run the original chords.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed class BadMessageTests(LabServers servers)
{
    [Fact]
    public async Task Every_bad_message_is_dead_lettered_with_its_reason_and_the_worker_keeps_consuming()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var telemetry = Directory.CreateDirectory(Path.Combine(run.Folder, "telemetry")).FullName;
        var worker = await run.StartWorkerAsync("Async", 4, settings: new Dictionary<string, string>
        {
            ["Worker__MaxMessageBytes"] = "4096",
            ["Telemetry__ExportDirectory"] = telemetry,
            ["Telemetry__MetricsInterval"] = "00:00:00.200",
        });

        var bad = new (string Queue, string? ContentType, string? Task, string Body, string ErrorType)[]
        {
            ("waitinate", "application/json", "waitinate", "this is not JSON {", "malformed_message"),
            ("waitinate", "application/json", "waitinate", """{"args": []}""", "malformed_message"),
            ("waitinate", "application/x-python-serialize", "waitinate", "pickled bytes", "malformed_message"),
            ("waitinate", "application/json", null, "[[], {}, {}]", "malformed_message"),
            ("waitinate", "application/json", "no_such_task", "[[], {}, {}]", "NotRegistered"),
            ("summarize", "application/json", "summarize", """[[1, 2], {}, {}]""", "TaskRejectedException"),
            ("waitinate", "application/json", "waitinate", $"[[\"{new string('x', 5000)}\"], {{}}, {{}}]", "message_too_large"),
        };
        var ids = new List<string>();
        await using (var connection = await new ConnectionFactory { Uri = new Uri(servers.BrokerConnectionString) }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            foreach (var message in bad)
            {
                var id = Guid.NewGuid().ToString();
                ids.Add(id);
                var headers = new Dictionary<string, object?> { ["id"] = id };
                if (message.Task is not null)
                {
                    headers["task"] = message.Task;
                }

                var properties = new BasicProperties { ContentType = message.ContentType, ContentEncoding = "utf-8", Headers = headers, DeliveryMode = DeliveryModes.Persistent };
                await channel.BasicPublishAsync(message.Queue, message.Queue, mandatory: true, properties, Encoding.UTF8.GetBytes(message.Body));
            }
        }

        // The worker is still consuming: the original two chords complete after the bad messages.
        var report = await run.RunProducerAsync(TimeSpan.FromMinutes(2), 7, 3);
        Assert.Equal(10, report.TaskCount);

        // Slots take messages side by side, so the dead letters come in any order: match them by task id.
        var dead = (await DeadLetter.ReadAsync(servers.BrokerConnectionString, bad.Length)).ToDictionary(d => d.Id);
        Assert.Equal(ids.Order(), dead.Keys.Order());
        for (var index = 0; index < bad.Length; index++)
        {
            var letter = dead[ids[index]];
            Assert.Equal(bad[index].ErrorType, letter.ErrorType);
            Assert.Equal(bad[index].Body, letter.Body);
            Assert.Equal(bad[index].Queue, letter.Queue);
            Assert.False(string.IsNullOrWhiteSpace(letter.Reason));
        }

        // Logged once each; a client waiting on an unknown task or a rejected one reads a FAILURE, not silence.
        Assert.Equal(bad.Length, CountOccurrences(worker.Output, "can never run"));
        var backend = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(servers.BackendConnectionString);
        await using (backend)
        {
            var results = new RedisResultBackend(backend, TimeSpan.FromDays(1));
            Assert.Equal(TaskStates.Failure, (await results.GetAsync(ids[4]))?.Status);
            Assert.Equal(TaskStates.Failure, (await results.GetAsync(ids[5]))?.Status);
        }

        // Counted: the worker's exported counter reaches one per bad message.
        await WaitUntilAsync(() => DeadLetteredCount(telemetry, worker.Id) == bad.Length, TimeSpan.FromSeconds(15));
        Assert.False(worker.HasExited);
    }

    private static double DeadLetteredCount(string folder, int pid) =>
        TelemetryFiles.Read(folder).Of(pid, "waitinator.messages.dead_lettered")
            .GroupBy(sample => (sample.Attribute("messaging.destination.name"), sample.Attribute("error.type")))
            .Sum(series => series.Last().Value);

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not true within {timeout}.");
            await Task.Delay(250);
        }
    }
}
