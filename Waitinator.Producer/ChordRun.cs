using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Waitinator.Contracts;
using Waitinator.Contracts.Settings;
using Waitinator.TaskQueue.Backend;
using Waitinator.TaskQueue.Client;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.Producer;

/// <summary>
/// Submits the configured chords, waits for every callback in the result backend, prints and writes the report,
/// then stops the process: exit code 0 when every chord completed and the report is written, 1 otherwise, whatever
/// went wrong (a publish nacked or returned, Redis gone longer than the outage tolerance, a report it could not write).
/// </summary>
internal sealed partial class ChordRun(
    IConnection connection,
    ChordClient chords,
    RedisResultBackend backend,
    IOptions<ProducerOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<ChordRun> logger) : BackgroundService
{
    public static readonly ActivitySource Activity = new("Waitinator.Producer");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            if (settings.ExpectedConsumers > 0)
            {
                var queues = settings.Routes.Values.Distinct().ToList();
                LogWaitingForConsumers(settings.ExpectedConsumers, string.Join(", ", queues));
                await QueueConsumers.WaitForAsync(connection, queues, settings.ExpectedConsumers, settings.ConsumerWaitTimeout, stoppingToken);
            }

            var handles = new List<ChordHandle>();
            foreach (var size in settings.EffectiveChordSizes)
            {
                handles.Add(await SubmitChordAsync(size, stoppingToken));
                LogSubmitted(size, handles[^1].GroupId, handles[^1].CallbackTaskId);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(settings.Timeout);
            using var progressing = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            var progress = settings.ProgressPath is { } progressPath
                ? ProgressFile.KeepAsync(progressPath, backend, [.. handles.SelectMany(h => h.HeaderTaskIds)], progressing.Token)
                : Task.CompletedTask;
            List<ChordSummary> summaries;
            try
            {
                summaries = await WaitForSummariesAsync(handles, timeout.Token);
            }
            finally
            {
                await progressing.CancelAsync();
                await progress;
            }

            var report = ExperimentReport.Of(summaries) with { Submitted = handles.Select(h => h.HeaderTaskIds).ToList() };
            await WriteReportAsync(report, settings.ReportPath);
            ReportTable.Print(report);
            Environment.ExitCode = 0;
        }
        catch (ChordFailedException exception)
        {
            LogChordFailed(exception.Message);
            Environment.ExitCode = 1;
        }
        catch (TimeoutException exception)
        {
            LogChordFailed(exception.Message);
            Environment.ExitCode = 1;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Producer:Timeout: the open chords and their missing tasks are named already.
            Environment.ExitCode = 1;
        }
        catch (OperationCanceledException)
        {
            LogStoppedEarly();
            Environment.ExitCode = 1;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogFailed(exception, exception.GetType().Name, exception.Message);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <summary>Each chord is a trace of its own: its publishes, tasks, Api calls and callback under one root span.</summary>
    private async Task<ChordHandle> SubmitChordAsync(int size, CancellationToken cancellationToken)
    {
        System.Diagnostics.Activity.Current = null;
        using var chord = Activity.StartActivity("submit chord", ActivityKind.Producer);
        chord?.SetTag("waitinator.chord.size", size);
        var handle = await chords.SubmitAsync("waitinate", size, "summarize", cancellationToken);
        chord?.SetTag("waitinator.chord.group_id", handle.GroupId);
        return handle;
    }

    private async Task<List<ChordSummary>> WaitForSummariesAsync(List<ChordHandle> handles, CancellationToken cancellationToken)
    {
        var summaries = new List<ChordSummary>();
        for (var i = 0; i < handles.Count; i++)
        {
            var handle = handles[i];
            TaskResult result;
            try
            {
                result = await backend.WaitAsync(handle.CallbackTaskId, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Every chord still open is named with its missing tasks, not only the first one waited for.
                foreach (var open in handles.Skip(i))
                {
                    var missing = await MissingHeaderTasksAsync(open);
                    LogTimedOut(open.GroupId, open.CallbackTaskId, missing.Count, string.Join(", ", missing));
                }

                throw;
            }

            if (result.Status != TaskStates.Success)
            {
                throw new ChordFailedException($"Chord {handle.GroupId} failed: callback {handle.CallbackTaskId} is {result.Status}: {result.Result?.ToJsonString()}");
            }

            summaries.Add(result.Result.Deserialize<ChordSummary>() ?? throw new ChordFailedException($"Chord {handle.GroupId}'s summary is empty."));
        }

        return summaries;
    }

    /// <summary>The header tasks with no result: lost with an early-acknowledging worker, or still running.</summary>
    private async Task<List<string>> MissingHeaderTasksAsync(ChordHandle handle)
    {
        var missing = new List<string>();
        foreach (var id in handle.HeaderTaskIds)
        {
            if (await backend.GetAsync(id) is not { Status: TaskStates.Success or TaskStates.Failure })
            {
                missing.Add(id);
            }
        }

        return missing;
    }

    private static async Task WriteReportAsync(ExperimentReport report, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, new JsonSerializerOptions { WriteIndented = true });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for {Expected} consumers on each of the queues {Queues}")]
    private partial void LogWaitingForConsumers(int expected, string queues);

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitted a chord of {Size} waitinate tasks: group {GroupId}, callback {CallbackId}")]
    private partial void LogSubmitted(int size, string groupId, string callbackId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timed out waiting for chord {GroupId} (callback {CallbackId}); {Count} header tasks without a result (lost with an early-acknowledging worker, or still running): {Missing}")]
    private partial void LogTimedOut(string groupId, string callbackId, int count, string missing);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Failure}")]
    private partial void LogChordFailed(string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "The run failed, no report written: {ErrorType}: {Reason}")]
    private partial void LogFailed(Exception exception, string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped before every chord completed; no report written")]
    private partial void LogStoppedEarly();
}
