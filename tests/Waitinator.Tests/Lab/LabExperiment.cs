using System.Text.Json;
using Aspire.Hosting.Testing;
using Waitinator.Contracts;

namespace Waitinator.Tests.Lab;

/// <summary>
/// The main job through the AppHost, once for the tests that read its evidence: the original two chords on an async
/// worker at concurrency 100, at time scale 0.005, with every process exporting its telemetry to the run folder.
/// The lab keeps running a few seconds after the producer finished, so the samples include a steady tail.
/// </summary>
public sealed class LabExperiment : IAsyncLifetime
{
    public const int WorkerConcurrency = 100;
    // Generous: the other test collection may hold both cores with its own servers while this lab starts.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    public string RunFolder { get; private set; } = "";

    internal TelemetryFiles Telemetry { get; private set; } = null!;

    public ExperimentReport Report { get; private set; } = null!;

    /// <summary>From the first task's start until the lab was told to stop: the servers and clients are all up.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Steady { get; private set; }

    public async Task InitializeAsync()
    {
        await LabLeftovers.WaitUntilGoneAsync();
        var runs = Directory.CreateTempSubdirectory("waitinator-runs-");
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Waitinator_AppHost>(
        [
            "--Lab:Infrastructure=Executable",
            $"--Lab:RunsDirectory={runs.FullName}",
            "--Api:TimeScale=0.005",
            "--Worker:ExecutionModel=Async",
            $"--Worker:Concurrency={WorkerConcurrency}",
        ]);
        var stopping = DateTimeOffset.MaxValue;
        await using (var app = await appHost.BuildAsync())
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await app.WithinAsync("Starting the lab", timeout, app.StartAsync);
            var finished = await app.WithinAsync("The producer's experiment", timeout, token =>
                app.ResourceNotifications.WaitForResourceAsync("producer", e => e.Snapshot.State?.Text is "Finished" or "Exited", token));
            Assert.True(finished.Snapshot.ExitCode == 0, $"The producer exited with {finished.Snapshot.ExitCode}.");
            await Task.Delay(TimeSpan.FromSeconds(4), timeout.Token);
            stopping = DateTimeOffset.UtcNow;
            await app.WithinAsync("Stopping the lab", timeout, app.StopAsync);
        }

        RunFolder = Assert.Single(runs.GetDirectories()).FullName;
        Telemetry = TelemetryFiles.Read(Path.Combine(RunFolder, "telemetry"));
        await using var report = File.OpenRead(Path.Combine(RunFolder, "producer", "producer-report.json"));
        Report = await JsonSerializer.DeserializeAsync<ExperimentReport>(report) ?? throw new InvalidDataException("Empty report.");
        Steady = (Report.Chords.SelectMany(c => c.Results).Min(r => r.StartedAt), stopping);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
