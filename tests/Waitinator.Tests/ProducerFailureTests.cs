using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>The producer's exit code tells a run that wrote no report from one that did, whatever went wrong.</summary>
[Collection(LabServersCollection.Name)]
public sealed class ProducerFailureTests(LabServers servers)
{
    [Fact]
    public async Task A_producer_that_cannot_write_its_report_exits_with_1_and_says_why()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        await run.StartWorkerAsync("Async", 16);
        // A folder of the report's path is a file: the report cannot be written once the chords are done.
        var blocker = Path.Combine(run.Folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file");

        var (exitCode, output) = await run.RunProducerToEndAsync(TimeSpan.FromMinutes(1), [3], Path.Combine(blocker, "report.json"));

        Assert.True(exitCode == 1, $"The producer exited with {exitCode}. Output:\n{output}");
        Assert.Contains("no report written", output, StringComparison.Ordinal);
        Assert.Contains("IOException", output, StringComparison.Ordinal);
    }
}
