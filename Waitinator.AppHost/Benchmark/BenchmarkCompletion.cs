using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Waitinator.AppHost.Benchmark;

/// <summary>
/// Echoes the benchmark's output (its progress lines) to the AppHost's console, prints its tables when it exits, and
/// with Lab:ExitWhenDone then stops the lab with the benchmark's exit code.
/// </summary>
internal sealed partial class BenchmarkCompletion(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    ILogger<BenchmarkCompletion> logger,
    Lab lab,
    IResource benchmark,
    string output) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var echoing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var echo = EchoAsync(echoing.Token);
        var finished = await notifications.WaitForResourceAsync(
            benchmark.Name,
            e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart",
            stoppingToken);
        var exitCode = finished.Snapshot.ExitCode ?? 1;
        await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); // the last lines
        await echoing.CancelAsync();
        await echo;
        var tables = Path.Combine(output, "benchmark.md");
        if (File.Exists(tables))
        {
            Console.WriteLine();
            Console.WriteLine(await File.ReadAllTextAsync(tables, stoppingToken));
            LogDone(exitCode, output);
        }
        else
        {
            LogFailed(exitCode, finished.Snapshot.State?.Text);
        }

        if (lab.Settings.ExitWhenDone)
        {
            Environment.ExitCode = exitCode;
            lifetime.StopApplication();
        }
    }

    private async Task EchoAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in resourceLogs.WatchAsync(benchmark).WithCancellation(cancellationToken))
            {
                // Aspire's own lines ([sys], waits) stay in the dashboard; the timestamp Aspire adds is cut.
                foreach (var line in batch.Where(line => !line.Content.Contains("[sys]", StringComparison.Ordinal) && !line.Content.Contains(" resource ", StringComparison.Ordinal)))
                {
                    var content = line.Content;
                    Console.WriteLine(content.Length >= 29 && content[28] == ' ' && char.IsDigit(content[0]) ? content[29..] : content);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Benchmark done (exit code {ExitCode}; 1 means some runs failed, see the tables): {Output}")]
    private partial void LogDone(int exitCode, string output);

    [LoggerMessage(Level = LogLevel.Error, Message = "The benchmark ended ({State}, exit code {ExitCode}) before writing its tables; its output is above and in the dashboard's console logs")]
    private partial void LogFailed(int exitCode, string? state);
}
