using System.Text.Json.Nodes;
using Waitinator.LocalLab;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>Real Python Celery 5 (Debian's python3-celery) and the .NET lab as peers on one broker and backend.</summary>
[Collection(LabServersCollection.Name)]
public sealed class CeleryInteropTests(LabServers servers)
{
    [Fact]
    public async Task A_chord_sent_by_Python_Celery_runs_on_the_dotnet_worker_and_Celery_reads_the_result()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        await run.StartWorkerAsync("Async", 16);

        await using var client = ChildProcess.Start("/usr/bin/python3", ["send_chords.py", "7", "3"], run.CeleryEnvironment(), Repository.CeleryApp);
        var exitCode = await client.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"Celery's client failed:\n{client.Output}\nWorker:\n{run.Workers[0].Output}");

        var lines = client.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.StartsWith('{')).ToList();
        Assert.Equal(2, lines.Count);
        var sizes = new[] { 7, 3 };
        for (var i = 0; i < lines.Count; i++)
        {
            var answer = JsonNode.Parse(lines[i])!;
            var summary = answer["summary"]!;
            Assert.Equal(answer["callback_id"]!.GetValue<string>(), summary["task_id"]!.GetValue<string>());
            Assert.Equal(sizes[i], summary["task_count"]!.GetValue<int>());
            var results = summary["results"]!.AsArray();
            Assert.Equal(sizes[i], results.Count);
            Assert.All(results, r => Assert.Equal("async", r!["pool"]!.GetValue<string>()));
        }

        Assert.Equal(10, run.RecordedRuns("waitinate_tasks").Count);
    }

    [Fact]
    public async Task A_chord_sent_by_the_dotnet_producer_runs_on_a_Python_Celery_worker()
    {
        await using var run = await LabRun.StartAsync(servers, 0.005);
        run.StartCeleryWorker("threads", 10);

        var report = await run.RunProducerAsync(TimeSpan.FromMinutes(2), 7, 3);

        Assert.Equal(["celery-threads 10"], report.Pools);
        Assert.Equal(10, report.TaskCount);
        for (var i = 0; i < report.Chords.Count; i++)
        {
            Assert.Equal(report.Submitted[i], report.Chords[i].Results.Select(r => r.TaskId).ToList());
        }

        // Ten threads ran the ten tasks side by side (timing itself is the benchmarks' job).
        Assert.InRange(TaskOverlap.MostAtOnce(report.Chords.SelectMany(c => c.Results)), 5, 10);
    }
}
