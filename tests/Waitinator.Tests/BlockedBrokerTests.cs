using System.Text.RegularExpressions;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// RabbitMQ blocking the worker's connection (a memory alarm: RabbitMQ stops reading from every connection that
/// publishes) while a chord's last header task publishes its callback. The worker says so, reports it as a metric, waits
/// no longer than Worker:OutageTolerance, and once RabbitMQ lets it go the chord completes with one callback run.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed partial class BlockedBrokerTests(LabServers servers)
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_publish_RabbitMQ_blocks_gives_up_within_the_outage_tolerance_and_the_chord_completes_once_unblocked()
    {
        // 180-210 s at 0.02: a task sleeps 3.6-4.2 s, long enough to raise the alarm while the chord's tasks run.
        await using var run = await LabRun.StartAsync(servers, 0.02);
        var telemetry = Directory.CreateDirectory(Path.Combine(run.Folder, "telemetry")).FullName;
        var worker = await run.StartWorkerAsync("Async", 4, acks: "Late", settings: new Dictionary<string, string>
        {
            ["Worker__OutageTolerance"] = Tolerance.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Telemetry__ExportDirectory"] = telemetry,
            ["Telemetry__MetricsInterval"] = "00:00:00.500",
        });
        var producing = run.RunProducerAsync(TimeSpan.FromMinutes(3), 3);
        await Eventually.WaitUntilAsync(() => run.Api.InFlight >= 3, TimeSpan.FromSeconds(60), () => worker.Output);

        await servers.SetMemoryAlarmAsync(raised: true);
        string blockedOutput;
        try
        {
            // The tasks end, the last one publishes the callback into the blocked connection: it must give up, not hang.
            await Eventually.WaitUntilAsync(() => GaveUp().IsMatch(worker.Output), TimeSpan.FromSeconds(40), () => worker.Output);
            blockedOutput = worker.Output;
        }
        finally
        {
            await servers.SetMemoryAlarmAsync(raised: false);
        }

        var report = await producing;
        TaskEngineTests.AssertChordsComplete(report, run);
        Assert.Contains("RabbitMQ blocked this process's connection", blockedOutput, StringComparison.Ordinal);
        Assert.Contains("RabbitMQ unblocked this process's connection", worker.Output, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(
            () => TelemetryFiles.Read(telemetry).Of(worker.Id, "waitinator.broker.blocks").Any(sample => sample.Value >= 1),
            TimeSpan.FromSeconds(15),
            () => "No waitinator.broker.blocks sample of 1 or more.");
    }

    // The publish's deadline ran out: while blocked (the flow control's wait) or waiting for a confirm.
    [GeneratedRegex("RabbitMQ has blocked this connection|RabbitMQ did not answer within")]
    private static partial Regex GaveUp();
}
