using System.Text.RegularExpressions;
using Waitinator.LocalLab;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// A message that keeps failing outside its task (here: Redis stays away longer than Worker:OutageTolerance, every
/// time) against a real worker: it is given back with a growing back-off, not at once for ever, and after
/// Worker:DeliveryLimit it is in the dead-letter queue with its reason; the worker goes on.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed partial class DeliveryLimitTests(LabServers servers)
{
    [Fact]
    public async Task A_message_that_keeps_failing_outside_its_task_is_given_back_with_back_off_and_then_dead_lettered_with_its_reason()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        var worker = await run.StartWorkerAsync("Async", 2, acks: "Late", settings: new Dictionary<string, string>
        {
            ["Worker__OutageTolerance"] = "00:00:01",
            ["Worker__DeliveryLimit"] = "3",
        });
        var id = Guid.NewGuid().ToString();
        await servers.StopBackendAsync();
        try
        {
            await CeleryMessages.PublishAsync(servers.BrokerConnectionString, ("waitinate", CeleryMessages.Headers("waitinate", id), $"[[], {{}}, {CeleryMessages.EmptyEmbed}]"));
            var dead = await DeadLetter.ReadAsync(servers.BrokerConnectionString, 1);

            var letter = Assert.Single(dead);
            Assert.Equal(id, letter.Id);
            Assert.Equal("delivery_limit", letter.ErrorType);
            Assert.Contains("Given back 3 times", letter.Reason, StringComparison.Ordinal);
            Assert.Contains("Redis", letter.Reason, StringComparison.Ordinal);
            var given = GivenBack().Matches(worker.Output).Where(m => m.Groups["id"].Value == id).Select(m => m.Groups["given"].Value).ToList();
            Assert.Equal(["1", "2", "3"], given);
            // Each time later than the time before: 1 s, then 2 s, then 4 s, each between half and all of it.
            var delays = GivenBack().Matches(worker.Output).Where(m => m.Groups["id"].Value == id)
                .Select(m => double.Parse(m.Groups["seconds"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.InRange(delays[0], 0.5, 1.0);
            Assert.InRange(delays[2], 2.0, 4.0);
        }
        finally
        {
            await servers.StartBackendAsync();
        }

        Assert.False(worker.HasExited, $"The worker died. Output:\n{worker.Output}");
        await using var broker = await new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(servers.BrokerConnectionString) }.CreateConnectionAsync();
        await using var channel = await broker.CreateChannelAsync();
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync("waitinate")).MessageCount);
    }

    [GeneratedRegex(@"waitinate\[(?<id>[0-9a-f-]{36})\] given back \((?<given>\d+) of \d+\), to run again in (?<seconds>[0-9.]+) s")]
    private static partial Regex GivenBack();
}
