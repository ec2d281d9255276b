using System.Text.Json.Nodes;
using RabbitMQ.Client;
using Waitinator.Contracts;
using Waitinator.Contracts.Settings;
using Waitinator.TaskQueue.Client;
using Waitinator.TaskQueue.Protocol;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// Runs one trial once: a clean broker and backend, a fresh worker process sampled from /proc, the workload, a warm stop.
/// A failed run (the worker dies, results time out) is recorded with its reason; the benchmark goes on.
/// </summary>
internal sealed class TrialRunner(BenchmarkLab lab, string folder, int warmUpTasks, ApiProtocol apiProtocol)
{
    private const double Megabyte = 1024 * 1024;

    private const int FloorWarmUpTasks = 200;
    private bool _floorWarm;

    public async Task<RunFigures> RunAsync(Trial trial, int repetition, CancellationToken cancellationToken)
    {
        var contender = trial.Contender;
        var figures = new RunFigures(trial.Scenario, contender.Name, contender.Engine.ToString(), contender.Family, contender.Concurrency, trial.Tasks, repetition);
        await lab.ResetAsync();
        double? floor = null;
        if (!trial.IsNoop && Slots(trial) >= trial.Tasks)
        {
            floor = await MeasureFloorAsync(trial, cancellationToken);
            await lab.ResetAsync();
        }

        string[] noopIds = [];
        if (trial.IsNoop)
        {
            // With no worker yet: what the publisher and RabbitMQ alone take for the batch.
            var publishing = System.Diagnostics.Stopwatch.StartNew();
            noopIds = await PublishNoopsAsync(trial.Tasks, cancellationToken);
            figures = figures with { PublishSeconds = publishing.Elapsed.TotalSeconds };
        }

        var serverCpu = lab.ServerCpuSeconds();
        var runFolder = Directory.CreateDirectory(Path.Combine(folder, "runs", $"{Slug(trial.Name)}-{repetition}")).FullName;
        await using var worker = WorkerProcess.Start(contender, lab.Servers, lab.Api, apiProtocol, runFolder);
        var sampler = new ProcessTreeSampler(worker.ProcessId, lab.ServerPorts);
        sampler.Start();
        try
        {
            await WaitUntilConsumingAsync(worker, contender, cancellationToken);
            var idle = sampler.ResidentBytesNow();
            figures = trial.IsNoop
                ? await MeasureNoopsAsync(figures, noopIds, worker, cancellationToken)
                : await MeasureChordsAsync(figures, trial, worker, cancellationToken);
            figures = figures with { IdleMegabytes = idle / Megabyte };
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            var output = worker.Output.Trim();
            figures = figures with { Error = exception.Message };
            await File.WriteAllTextAsync(Path.Combine(runFolder, "worker-output.txt"), output, CancellationToken.None);
        }
        finally
        {
            await sampler.StopAsync();
            await worker.StopAsync();
            await sampler.DisposeAsync();
        }

        return figures with
        {
            FloorSeconds = floor,
            PeakMegabytes = sampler.PeakResidentBytes / Megabyte,
            CpuSeconds = sampler.CpuSeconds,
            ServerCpuSeconds = lab.ServerProcessIds.Count > 0 ? lab.ServerCpuSeconds() - serverCpu : null,
            PeakProcesses = sampler.PeakProcesses,
            PeakThreads = sampler.PeakThreads,
            PeakBrokerConnections = sampler.PeakConnections["broker"],
            PeakRedisConnections = sampler.PeakConnections["redis"],
        };
    }

    /// <summary>Fills the noop queue before the worker starts, so the run measures the worker draining it, not the publisher.</summary>
    private async Task<string[]> PublishNoopsAsync(int count, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToArray();
        foreach (var chunk in ids.Chunk(1000))
        {
            await lab.Publisher.PublishManyAsync(
                chunk.Select(id => new TaskMessage(new TaskHeaders { Task = "noop", Id = id, RootId = id, Origin = "benchmark" }, [], [])), cancellationToken);
        }

        return ids;
    }

    private async Task WaitUntilConsumingAsync(WorkerProcess worker, Contender contender, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consuming = QueueConsumers.WaitForAsync(lab.Broker, BenchmarkServers.Queues, contender.ConsumingProcesses, TimeSpan.FromSeconds(90), stop.Token);
        while (!consuming.IsCompleted)
        {
            if (worker.HasExited)
            {
                await stop.CancelAsync();
                throw new InvalidOperationException($"{contender.Name} exited before consuming: {LastLine(worker.Output)}");
            }

            await Task.WhenAny(consuming, Task.Delay(250, cancellationToken));
        }

        await consuming;
    }

    private async Task<RunFigures> MeasureNoopsAsync(RunFigures figures, string[] ids, WorkerProcess worker, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(60 + ids.Length / 50.0);
        var results = await ResultWaiter.WaitAsync(lab.Redis.GetDatabase(), ids, timeout, () => !worker.HasExited, cancellationToken);
        var done = results.Values.Select(result => result.DateDone ?? throw new InvalidOperationException($"Result {result.TaskId} has no date_done.")).ToList();
        var failed = results.Values.Count(result => result.Status != TaskStates.Success);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {ids.Length} no-op tasks failed.");
        }

        var span = (done.Max() - done.Min()).TotalSeconds;
        return figures with { TasksPerSecond = (ids.Length - 1) / Math.Max(span, 1e-6), EndToEndSeconds = span };
    }

    private async Task<RunFigures> MeasureChordsAsync(RunFigures figures, Trial trial, WorkerProcess worker, CancellationToken cancellationToken)
    {
        var warmUpSeconds = await WarmUpAsync(trial, worker, cancellationToken);
        var submitted = DateTime.UtcNow;
        var handles = await SubmitAsync(trial.Chords(), cancellationToken);
        var published = DateTime.UtcNow;
        var slots = Slots(trial);
        var timeout = ChordTimeout(rounds: Math.Ceiling(trial.Tasks / (double)slots));
        var database = lab.Redis.GetDatabase();
        var callbacks = await ResultWaiter.WaitAsync(database, handles.Select(h => h.CallbackTaskId).ToList(), timeout, () => !worker.HasExited, cancellationToken);
        var headers = await ResultWaiter.WaitAsync(database, handles.SelectMany(h => h.HeaderTaskIds).ToList(), TimeSpan.FromSeconds(30), () => true, cancellationToken);

        var failed = callbacks.Values.Concat(headers.Values).Where(result => result.Status != TaskStates.Success).ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"{failed.Count} tasks failed, first: {failed[0].Result?.ToJsonString()}");
        }

        var tasks = headers.Values.Select(result => result.Result as JsonObject
            ?? throw new InvalidOperationException($"waitinate {result.TaskId} returned no object.")).ToList();
        var starts = tasks.Select(task => DateTime.Parse(task["started_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)).ToList();
        var ends = tasks.Select(task => DateTime.Parse(task["ended_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)).ToList();
        var sleeps = headers.Values.ToDictionary(result => result.TaskId, result => ((JsonObject)result.Result!)["sleep_seconds"]!.GetValue<double>());
        var lastCallback = callbacks.Values.Max(result => result.DateDone ?? DateTime.UtcNow);
        return figures with
        {
            TotalSeconds = (ends.Max() - starts.Min()).TotalSeconds,
            IdealSeconds = TaskTimes.IdealSeconds([.. handles.Select(h => (IReadOnlyList<double>)[.. h.HeaderTaskIds.Select(id => sleeps[id])])], slots),
            EndToEndSeconds = (lastCallback - submitted).TotalSeconds,
            PublishSeconds = (published - submitted).TotalSeconds,
            StartSpreadSeconds = (starts.Max() - starts.Min()).TotalSeconds,
            WarmUpSeconds = warmUpSeconds,
        };
    }

    private Task<ChordHandle[]> SubmitAsync(IEnumerable<int> chords, CancellationToken cancellationToken) =>
        Task.WhenAll(chords.Select(size => lab.Chords.SubmitAsync("waitinate", size, "summarize", cancellationToken)));

    /// <summary>
    /// The trial's workload through RabbitMQ to a consumer that only acknowledges (in batches, as the worker does), with no
    /// worker running: from the first submit to the last delivery. A task starts after its message is delivered, so with a
    /// slot per task this plus the longest sleep is the best total any worker could reach on this broker and machine (timing
    /// the publishes alone, with nobody consuming, left out what delivering costs RabbitMQ). The caller resets the broker
    /// and backend before and after.
    /// </summary>
    private async Task<double> MeasureFloorAsync(Trial trial, CancellationToken cancellationToken)
    {
        if (!_floorWarm)
        {
            // This process compiles its consumer path on first use; the first measured floor must not pay for that.
            await TimeToLastDeliveryAsync([FloorWarmUpTasks], FloorWarmUpTasks, cancellationToken);
            await lab.ResetAsync();
            _floorWarm = true;
        }

        return await TimeToLastDeliveryAsync(trial.Chords(), trial.Tasks, cancellationToken);
    }

    private async Task<double> TimeToLastDeliveryAsync(IEnumerable<int> chords, int tasks, CancellationToken cancellationToken)
    {
        const int AckEvery = 100;
        await using var connection = await lab.Servers.ConnectBrokerAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var clock = new System.Diagnostics.Stopwatch();
        var lastDelivery = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var delivered = 0;
        var consumer = new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(channel);
        // The channel hands deliveries to this consumer one at a time, so the count needs no lock.
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var count = ++delivered;
            if (count % AckEvery == 0 || count == tasks)
            {
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: true, CancellationToken.None);
            }

            if (count == tasks)
            {
                lastDelivery.TrySetResult(clock.Elapsed.TotalSeconds);
            }
        };
        await channel.BasicConsumeAsync("waitinate", autoAck: false, consumer, cancellationToken);

        clock.Start();
        await SubmitAsync(chords, cancellationToken);
        return await lastDelivery.Task.WaitAsync(TimeSpan.FromSeconds(60 + tasks / 100.0), cancellationToken);
    }

    /// <summary>
    /// One chord (at most a task per slot) through the fresh worker before the measured work, as a long-lived worker has run many: the first tasks
    /// of a .NET process pay for compiling its code paths (and a Python one for its lazy imports), which is start-up
    /// cost, not what each task costs. Returns how long the chord took, submit to callback.
    /// </summary>
    private async Task<double?> WarmUpAsync(Trial trial, WorkerProcess worker, CancellationToken cancellationToken)
    {
        if (warmUpTasks == 0)
        {
            return null;
        }

        // One round: never more tasks than the worker has slots.
        var size = Math.Min(warmUpTasks, Slots(trial));
        var started = DateTime.UtcNow;
        var handle = await lab.Chords.SubmitAsync("waitinate", size, "summarize", cancellationToken);
        var callback = await ResultWaiter.WaitAsync(lab.Redis.GetDatabase(), [handle.CallbackTaskId], ChordTimeout(rounds: 1), () => !worker.HasExited, cancellationToken);
        if (callback.Values.Single().Status != TaskStates.Success)
        {
            throw new InvalidOperationException($"The warm-up chord failed: {callback.Values.Single().Result?.ToJsonString()}");
        }

        return (DateTime.UtcNow - started).TotalSeconds;
    }

    /// <summary>Two minutes to start, then 2.5 times each round of the longest sleep (2.1 s at time scale 0.01) with its callback.</summary>
    private static TimeSpan ChordTimeout(double rounds) => TimeSpan.FromSeconds(120 + 2.5 * rounds * 2.1 * 2);

    private static int Slots(Trial trial) => Math.Min(trial.Contender.Model == "solo" ? 1 : trial.Contender.Concurrency, trial.Tasks);

    private static string LastLine(string output) => output.Trim().Split('\n').LastOrDefault(line => line.Trim().Length > 0)?.Trim() ?? "(no output)";

    private static string Slug(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
