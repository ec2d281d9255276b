using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Waitinator.Contracts;

namespace Waitinator.AppHost.SingleRun;

/// <summary>
/// When the producer exits, prints where its report is and how it ended; with Lab:ExitWhenDone the lab then stops,
/// with the producer's exit code, so that one command runs an experiment end to end.
/// </summary>
internal sealed partial class ProducerCompletion(
    ResourceNotificationService notifications,
    IHostApplicationLifetime lifetime,
    ILogger<ProducerCompletion> logger,
    Lab lab,
    string producer) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var finished = await notifications.WaitForResourceAsync(
            producer,
            e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart",
            stoppingToken);
        var exitCode = finished.Snapshot.ExitCode ?? 1;
        var report = SingleRunResourceExtensions.Files(lab.Run).ProducerReport;
        if (exitCode == 0 && File.Exists(report))
        {
            await using var file = File.OpenRead(report);
            var figures = await JsonSerializer.DeserializeAsync<ExperimentReport>(file, cancellationToken: stoppingToken)
                ?? throw new InvalidDataException($"{report} is empty.");
            LogReport(figures.TaskCount, figures.Chords.Count, string.Join(", ", figures.Pools), figures.MeanTaskSeconds,
                figures.TotalSeconds, figures.IdealSeconds, figures.RatioToIdeal, report);
        }
        else
        {
            LogFailed(exitCode, lab.Run.Path);
        }

        if (lab.Settings.ExitWhenDone)
        {
            Environment.ExitCode = exitCode;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment done: {Tasks} tasks in {Chords} chords on {Pools}: mean task {Mean:F3} s, total {Total:F3} s, ideal {Ideal:F3} s, total/ideal {Ratio:F3}. Report: {Path}")]
    private partial void LogReport(int tasks, int chords, string pools, double mean, double total, double ideal, double ratio, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "The producer failed with exit code {ExitCode}; its logs and the run's records are in {RunFolder}")]
    private partial void LogFailed(int exitCode, string runFolder);
}
