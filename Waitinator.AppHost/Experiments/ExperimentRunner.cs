using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Waitinator.Contracts.Results;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Waitinator.AppHost.Infrastructure.RabbitMQ;
using Waitinator.AppHost.Infrastructure.Redis;
using Waitinator.AppHost.Services;

namespace Waitinator.AppHost.Experiments;

/// <summary>
/// Runs every configuration of an experiment in turn on the one broker and backend, repetition by repetition (so slow
/// drift of the machine spreads over all configurations): starts the Api, the configuration's workers and its producer,
/// waits for the producer, stops the rest, keeps the evidence, and at the end runs the reporter and prints its tables.
/// </summary>
internal sealed partial class ExperimentRunner(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService logs,
    IHostApplicationLifetime lifetime,
    ILogger<ExperimentRunner> logger,
    KilledInstances killed,
    ExperimentPlan plan) : BackgroundService
{
    private static readonly string[] Exited = [KnownResourceStates.Finished, KnownResourceStates.Exited, KnownResourceStates.FailedToStart];
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(6);
    private readonly ResourceStates _states = new(notifications);
    private readonly ExperimentStatus _status = new(notifications, plan);

    /// <summary>Set when a user stopped the experiment from the dashboard: the runs done by then.</summary>
    private int? _stoppedAfterRun;

    private ConsoleLogRecorder Logs => new(logs, _states);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var exitCode = 0;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var watch = _states.WatchAsync(watching.Token);
        try
        {
            exitCode = await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            LogExperimentFailed(exception, plan.Results.Path);
            exitCode = 1;
        }
        finally
        {
            await watching.CancelAsync();
            await watch;
        }

        await _status.FinishedAsync(exitCode, _stoppedAfterRun is not null);

        if (plan.Lab.Settings.ExitWhenDone)
        {
            Environment.ExitCode = exitCode;
            lifetime.StopApplication();
        }
    }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var definition = plan.Definition;
        var experimentFile = Path.Combine(plan.Results.Path, "experiment.json");
        var started = DateTimeOffset.UtcNow;
        await plan.Results.WriteJsonAsync(experimentFile, new ExperimentRecord(definition, started, null, []), cancellationToken);
        foreach (var configuration in definition.Configurations)
        {
            await plan.Results.WriteJsonAsync(Path.Combine(plan.Results.Path, configuration.Name, "configuration.json"), configuration, cancellationToken);
        }

        LogStarting(definition.Name, definition.Configurations.Length, definition.Repetitions, definition.TimeScale, plan.Results.Path);
        _status.Start();
        await notifications.WaitForResourceHealthyAsync(RabbitMQServerResourceBuilderExtensions.ResourceName, cancellationToken);
        await notifications.WaitForResourceHealthyAsync(RedisServerResourceBuilderExtensions.ResourceName, cancellationToken);

        var progress = new ExperimentProgress(plan.TotalRuns);
        var failures = new List<RepetitionRecord>();
        foreach (var (run, repetition) in plan.Runs)
        {
            if (plan.Experiment.StopRequested)
            {
                _stoppedAfterRun = progress.Done;
                LogStoppedEarly(progress.Done, plan.TotalRuns);
                break;
            }

            var record = await RunRepetitionAsync(run, repetition, progress, cancellationToken);
            progress.Completed(record.FinishedAt - record.StartedAt);
            if (record.ExitCode != 0)
            {
                failures.Add(record);
            }
        }

        Directory.Delete(plan.Results.Staging, recursive: true);
        await plan.Results.WriteJsonAsync(experimentFile, new ExperimentRecord(definition, started, DateTimeOffset.UtcNow, failures, _stoppedAfterRun), cancellationToken);
        await _status.ReportingAsync();
        var reporterExit = await RunReporterAsync(cancellationToken);
        if (failures.Count > 0)
        {
            LogFailures(failures.Count, plan.TotalRuns, string.Join(", ", failures.Select(f => $"{f.Configuration}/{f.Repetition}")));
            return 1;
        }

        return reporterExit;
    }

    private async Task<RepetitionRecord> RunRepetitionAsync(ConfigurationResources run, int repetition, ExperimentProgress progress, CancellationToken cancellationToken)
    {
        var configuration = run.Configuration;
        var taskCount = plan.TaskCount(configuration);
        LogRepetitionStarting(progress.Done + 1, plan.TotalRuns, configuration.Name, repetition, plan.Definition.Repetitions, progress.Remaining());
        await _status.RepetitionAsync(configuration.Name, repetition, progress.Done + 1, 0, taskCount, progress.Remaining());
        var started = DateTimeOffset.UtcNow;
        int exitCode;
        string? error = null;
        using var recording = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consoleLogs = Logs.RecordAsync([.. run.Workers, run.Producer], Path.Combine(plan.Results.Staging, "logs"), recording.Token);
        try
        {
            await StartAsync(plan.Api, cancellationToken);
            foreach (var worker in run.Workers)
            {
                await StartAsync(worker, cancellationToken);
            }

            await StartAsync(run.Producer, cancellationToken);
            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reportProgress = ReportTasksDoneAsync(configuration.Name, repetition, progress.Done + 1, taskCount, progress, reporting.Token);
            // No deadline of its own: the producer has Producer:ConsumerWaitTimeout and Producer:Timeout, and a worker that dies ends the wait.
            var producer = await WaitUntilExitedAsync(run.Producer, 1, started, timeout: null, cancellationToken, mustKeepRunning: run.Workers);
            await reporting.CancelAsync();
            await reportProgress;
            exitCode = producer.Single().ExitCode ?? 1;
            if (exitCode == 0)
            {
                await _status.RepetitionAsync(configuration.Name, repetition, progress.Done + 1, taskCount, taskCount, progress.Remaining());
            }
            else
            {
                error = $"The producer exited with {exitCode}; its log is in the dashboard under {run.Producer.Name}.";
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            exitCode = 1;
            error = exception.Message;
        }

        // Workers stop warm (running tasks finish): only then are their databases and telemetry files complete. A stop
        // that fails is recorded with the repetition, and the experiment goes on.
        foreach (var resource in run.Workers.Append(run.Producer).Append(plan.Api))
        {
            try
            {
                await StopAsync(resource, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                exitCode = exitCode == 0 ? 1 : exitCode;
                error ??= $"Stopping {resource.Name} failed: {exception.Message}";
            }
        }

        int? leftInQueues = null;
        try
        {
            leftInQueues = await QueueLeftovers.PurgeAsync(plan.Broker, cancellationToken);
            if (leftInQueues > 0)
            {
                LogPurged(configuration.Name, repetition, leftInQueues.Value);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPurgeFailed(exception.Message);
        }

        await recording.CancelAsync();
        await consoleLogs;
        var finished = DateTimeOffset.UtcNow;
        var folder = plan.Results.KeepRepetition(configuration, repetition);
        plan.Results.CopyMonitorSamples(folder, started, finished);
        var killedOnRequest = killed.Since(started);
        var record = new RepetitionRecord(configuration.Name, repetition, started, finished, exitCode, error, leftInQueues, killedOnRequest.Count > 0 ? killedOnRequest : null);
        await plan.Results.WriteJsonAsync(Path.Combine(folder, "run.json"), record, cancellationToken);
        if (error is null)
        {
            LogRepetitionDone(configuration.Name, repetition, (finished - started).TotalSeconds, folder);
        }
        else
        {
            LogRepetitionFailed(configuration.Name, repetition, error, folder);
        }

        return record;
    }

    private async Task ReportTasksDoneAsync(string configuration, int repetition, int run, int taskCount, ExperimentProgress progress, CancellationToken cancellationToken)
    {
        // The dashboard's state once a second; the log's line every five, not to bury the lab's other messages.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            for (var tick = 1; await timer.WaitForNextTickAsync(cancellationToken); tick++)
            {
                var done = ReadProgress(plan.Results.Running.ProducerProgress)?.TasksDone ?? 0;
                await _status.RepetitionAsync(configuration, repetition, run, done, taskCount, progress.Remaining());
                if (tick % 5 == 0)
                {
                    LogTasksDone(configuration, repetition, done, taskCount, progress.Remaining());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The producer's progress file; null until it writes one, or while it is being replaced.</summary>
    private static ProducerProgress? ReadProgress(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<ProducerProgress>(File.ReadAllBytes(path)) : null;
        }
        catch (Exception exception) when (exception is IOException or JsonException)
        {
            return null;
        }
    }

    private async Task<int> RunReporterAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        await StartAsync(plan.Reporter, cancellationToken);
        var reporter = await WaitUntilExitedAsync(plan.Reporter, 1, started, StopTimeout, cancellationToken);
        var exitCode = reporter.Single().ExitCode ?? 1;
        // The figures are what the user came for: a table after the lab's own logs, and where the whole report is.
        ReportTerminalSummary.Write(AnsiConsole.Console, plan.Results.ReportFolder);

        LogReport(exitCode, plan.Results.ReportFolder);
        return exitCode;
    }

    private async Task StartAsync(IResource resource, CancellationToken cancellationToken)
    {
        var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{resource.Name} did not start: {result.Message}");
        }
    }

    /// <summary>
    /// Stops every instance and waits until none is live. It does not count instances: the notification stream can hold
    /// stale entries (a NotStarted one from before the first start), and a count would let a running Api slip through.
    /// </summary>
    private async Task StopAsync(IResource resource, CancellationToken cancellationToken)
    {
        if (!_states.InstancesOf(resource).Any(Live))
        {
            return;
        }

        var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
        if (!result.Success)
        {
            LogStopFailed(resource.Name, result.Message);
        }

        var deadline = DateTimeOffset.UtcNow + StopTimeout;
        while (_states.InstancesOf(resource).Any(Live))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{resource.Name} did not stop within {StopTimeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private static bool Live(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state && state != KnownResourceStates.NotStarted && !Exited.Contains(state);

    /// <summary>
    /// Every instance (replica) of the resource has exited since `since` (its earlier exits do not count); fails at once
    /// when an instance of one of `mustKeepRunning` exits or fails to start meanwhile, since the wait would then never end.
    /// </summary>
    private async Task<IReadOnlyList<CustomResourceSnapshot>> WaitUntilExitedAsync(
        IResource resource,
        int instances,
        DateTimeOffset since,
        TimeSpan? timeout,
        CancellationToken cancellationToken,
        IReadOnlyList<IResource>? mustKeepRunning = null)
    {
        var deadline = timeout is { } limit ? DateTimeOffset.UtcNow + limit : DateTimeOffset.MaxValue;
        while (true)
        {
            var exited = Stopped(resource, since);
            if (exited.Count >= instances)
            {
                return exited;
            }

            foreach (var needed in mustKeepRunning ?? [])
            {
                // An instance a user killed from the dashboard ended as intended: the others carry on, unless none is left.
                var ended = StoppedInstances(needed, since);
                if (ended.Where(e => !killed.Contains(e.Id)).Select(e => e.Snapshot).FirstOrDefault() is { } lost)
                {
                    throw new InvalidOperationException(
                        $"{needed.Name} ended ({lost.State?.Text}, exit code {lost.ExitCode}) while {resource.Name} ran; its log is in the dashboard and in logs/.");
                }
            }

            if (mustKeepRunning is { Count: > 0 } workers && workers.All(w => _states.IdentifiedInstancesOf(w).All(i => killed.Contains(i.Id) && Exited.Contains(i.Snapshot.State?.Text))))
            {
                throw new InvalidOperationException($"Every worker of {resource.Name} was killed from the dashboard; nothing is left to run its tasks.");
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{resource.Name} did not exit within {timeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private List<CustomResourceSnapshot> Stopped(IResource resource, DateTimeOffset since) =>
        [.. StoppedInstances(resource, since).Select(i => i.Snapshot)];

    private IEnumerable<(string Id, CustomResourceSnapshot Snapshot)> StoppedInstances(IResource resource, DateTimeOffset since) =>
        _states.IdentifiedInstancesOf(resource).Where(i => Exited.Contains(i.Snapshot.State?.Text) && (i.Snapshot.StopTimeStamp is null || i.Snapshot.StopTimeStamp >= since.UtcDateTime));

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Name}: {Configurations} configurations x {Repetitions} repetitions at time scale {TimeScale}; results in {Folder}")]
    private partial void LogStarting(string name, int configurations, int repetitions, double timeScale, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "[{Run}/{Total}] {Configuration}, repetition {Repetition}/{Repetitions}: starting; {Remaining} left")]
    private partial void LogRepetitionStarting(int run, int total, string configuration, int repetition, int repetitions, string remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Configuration}, repetition {Repetition}: {Done}/{Tasks} tasks done; {Remaining} left")]
    private partial void LogTasksDone(string configuration, int repetition, long done, int tasks, string remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Configuration}, repetition {Repetition}: done in {Seconds:F1} s; evidence in {Folder}")]
    private partial void LogRepetitionDone(string configuration, int repetition, double seconds, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Configuration}, repetition {Repetition} failed: {Error} Evidence in {Folder}")]
    private partial void LogRepetitionFailed(string configuration, int repetition, string error, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Configuration}, repetition {Repetition}: {Count} messages were left in the task queues; purged so the next repetition starts empty")]
    private partial void LogPurged(string configuration, int repetition, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emptying the task queues after a repetition failed: {Error}")]
    private partial void LogPurgeFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping {Resource} failed: {Error}")]
    private partial void LogStopFailed(string resource, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped from the dashboard after {Done} of {Total} runs; reporting what ran")]
    private partial void LogStoppedEarly(int done, int total);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Failed} of {Total} runs failed: {Runs}")]
    private partial void LogFailures(int failed, int total, string runs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reporter exited with {ExitCode}; report in {Folder}")]
    private partial void LogReport(int exitCode, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "The experiment stopped; what it recorded is in {Folder}")]
    private partial void LogExperimentFailed(Exception exception, string folder);
}
