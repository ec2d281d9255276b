using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Processing;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>
/// The Process model (Celery's prefork): this process consumes, holds the prefetched messages, and gives each to
/// whichever of its N child processes is free, which runs the task's handler and answers; decoding, results, chords and
/// acknowledgements stay here, as in every model. A slot takes a delivery only when its child is free and warm, so a short
/// task never waits behind a long one in a busy child while another child is idle (Celery's -Ofair, its default). The
/// children hold no broker or backend connection; a child that dies fails the task it ran (Celery's WorkerLostError) and
/// is started again.
/// </summary>
internal sealed partial class ProcessPool(int children, ILogger<ProcessPool> logger) : IExecutionPool
{
    /// <summary>How much longer than the running tasks' warm stop the supervisor waits before it stops too.</summary>
    public static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(15);

    /// <summary>A child that has not connected and warmed up by then is killed and started again.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A child runs one handler at a time and mostly waits: code compiled quickly (tier 0) and never recompiled serves it
    /// better than the optimised compilation a worker's hot path is set up for, which made each child's start cost about
    /// 1.4 CPU seconds against 0.55 (docs/performance.md, "The process model's children").
    /// </summary>
    private static readonly (string Name, string Value)[] ChildRuntimeSettings = [("DOTNET_TC_QuickJit", "1"), ("DOTNET_TC_CallCounting", "0")];

    // The child of the slot running the current task: the slot sets it, the task's handler (ChildTaskHandler) uses it.
    private static readonly AsyncLocal<ProcessChild?> Held = new();

    private readonly Lock _gate = new();
    private readonly ProcessChild?[] _children = new ProcessChild?[children];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _socketPath = Path.Combine(Path.GetTempPath(), $"waitinator-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
    private int _readyChildren;
    private bool _stopping;

    public Task Start(ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake)
    {
        LogStarting(children);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
        listener.Listen(children);
        _ = AcceptAsync(listener);
        return RunAsync(listener, deliveries, run, intake);
    }

    /// <summary>Every child has connected and warmed up (or the start limit passed): the consumer may start taking messages.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) =>
        _ready.Task.WaitAsync(StartLimit, cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>Runs a task's handler in the child the current slot holds.</summary>
    public ValueTask<JsonNode?> RunInChildAsync(TaskRequest request)
    {
        var child = Held.Value ?? throw new InvalidOperationException("A process-model task ran outside its slot.");
        var message = request.Message;
        return child.RunAsync(new ChildRequest(message.Headers, message.Args, message.Kwargs, request.Redelivered, request.Queue, Activity.Current?.Id));
    }

    private async Task RunAsync(Socket listener, ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, children).Select(index => SlotAsync(index, deliveries, run, intake)));
        }
        finally
        {
            lock (_gate)
            {
                _stopping = true;
            }

            listener.Dispose();
            File.Delete(_socketPath);
        }
    }

    /// <summary>A slot: its child, warm and free, then the next delivery, run with the child; a lost child is started again.</summary>
    private async Task SlotAsync(int index, ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake)
    {
        try
        {
            while (true)
            {
                var child = await ReadyChildAsync(index, intake);
                var delivery = await deliveries.ReadAsync(intake);
                Held.Value = child;
                try
                {
                    await run(delivery);
                }
                finally
                {
                    Held.Value = null;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException or ObjectDisposedException)
        {
            // The intake stopped, or the pool was terminated.
        }
        finally
        {
            await StopChildAsync(index);
        }
    }

    private async Task<ProcessChild> ReadyChildAsync(int index, CancellationToken intake)
    {
        while (true)
        {
            if (Volatile.Read(ref _children[index]) is { } current)
            {
                if (current.Usable)
                {
                    return current;
                }

                LogChildGone(index, current.Process.Id, current.Process.HasExited ? current.Process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none, its socket broke");
                await StopChildAsync(index);
                await Task.Delay(TimeSpan.FromSeconds(1), intake);
            }

            var child = StartChild(index);
            if (await child.WaitUntilReadyAsync(StartLimit, intake))
            {
                if (Interlocked.Increment(ref _readyChildren) == children)
                {
                    _ready.TrySetResult();
                }

                return child;
            }

            if (!child.Process.HasExited)
            {
                LogChildNotReady(index, child.Process.Id, StartLimit.TotalSeconds);
                child.Process.Kill(entireProcessTree: true);
            }
        }
    }

    private ProcessChild StartChild(int index)
    {
        var (program, arguments) = ThisProgram();
        // The child runs this command line with its own settings last: on the command line the last value wins, so a
        // supervisor started with --Worker:ExecutionModel Process does not start supervisors.
        var start = new ProcessStartInfo(program,
        [
            .. arguments,
            $"--{WorkerOptions.SectionName}:ExecutionModel", nameof(ExecutionModel.Solo),
            $"--{WorkerOptions.SectionName}:Concurrency", "1",
            $"--{WorkerOptions.SectionName}:SupervisorProcessId", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            $"--{WorkerOptions.SectionName}:SupervisorConcurrency", children.ToString(CultureInfo.InvariantCulture),
            $"--{WorkerOptions.SectionName}:SupervisorSocket", _socketPath,
            $"--{WorkerOptions.SectionName}:ChildIndex", index.ToString(CultureInfo.InvariantCulture),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OTEL_RESOURCE_ATTRIBUTES"] = ChildResourceAttributes(index);
        foreach (var (name, value) in ChildRuntimeSettings)
        {
            // What the worker's own environment says wins.
            start.Environment.TryAdd(name, value);
        }

        ProcessChild child;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            child = new ProcessChild(index, Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker child process."));
            Volatile.Write(ref _children[index], child);
        }

        child.Process.OutputDataReceived += (_, line) => Forward(index, line.Data);
        child.Process.ErrorDataReceived += (_, line) => Forward(index, line.Data);
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        LogChildStarted(index, child.Process.Id);
        return child;
    }

    /// <summary>Hands each connecting child's socket to the child that says it is, by index and process id.</summary>
    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync();
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = GreetAsync(connection);
        }
    }

    private async Task GreetAsync(Socket connection)
    {
        var stream = new NetworkStream(connection, ownsSocket: true);
        try
        {
            using var limit = new CancellationTokenSource(StartLimit);
            var hello = await ChildFrames.ReadAsync(stream, ChildFrameJsonContext.Default.ChildHello, limit.Token);
            if (hello is { Index: var index } && index >= 0 && index < children
                && Volatile.Read(ref _children[index]) is { } child && child.Process.Id == hello.ProcessId)
            {
                child.Connected(stream);
                return;
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or InvalidDataException or OperationCanceledException or System.Text.Json.JsonException)
        {
        }

        // Not one of this supervisor's children, or a child that was already replaced.
        await stream.DisposeAsync();
    }

    /// <summary>Closes the child's socket (an idle child then stops by itself) and waits a little for it to go.</summary>
    private async Task StopChildAsync(int index)
    {
        var child = Interlocked.Exchange(ref _children[index], null);
        if (child is null)
        {
            return;
        }

        await child.DisposeAsync();
        using var limit = new CancellationTokenSource(StopMargin);
        try
        {
            await child.Process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            LogChildKilled(child.Process.Id);
            child.Process.Kill(entireProcessTree: true);
        }

        child.Process.Dispose();
    }

    /// <summary>Kills every child still running, with its task; none is started again.</summary>
    public void Terminate()
    {
        lock (_gate)
        {
            _stopping = true;
            foreach (var child in _children.OfType<ProcessChild>())
            {
                if (!child.Process.HasExited)
                {
                    LogChildKilled(child.Process.Id);
                    child.Process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    /// <summary>The command that started this process: the app host, or `dotnet` with this program's dll.</summary>
    private static (string Program, IEnumerable<string> Arguments) ThisProgram()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("The worker's own path is unknown.");
        var arguments = Environment.GetCommandLineArgs();
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? (path, arguments)
            : (path, arguments.Skip(1));
    }

    /// <summary>Each child reports to the dashboard as an instance of its own under the worker's service.</summary>
    private static string ChildResourceAttributes(int index)
    {
        var inherited = (Environment.GetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !pair.StartsWith("service.instance.id=", StringComparison.Ordinal));
        var parent = Environment.GetEnvironmentVariable("OTEL_SERVICE_INSTANCE_ID") ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        return string.Join(',', inherited.Append($"service.instance.id={parent}-child-{index}"));
    }

    private void Forward(int index, string? line)
    {
        if (line is not null)
        {
            LogChildOutput(index, line);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Process model: supervising {Count} child workers")]
    private partial void LogStarting(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Child {Index} started as process {Pid}")]
    private partial void LogChildStarted(int index, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Child {Index} (process {Pid}) is gone (exit code {Code}); starting a new one")]
    private partial void LogChildGone(int index, int pid, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Child {Index} (process {Pid}) was not ready within {Seconds:F0} s; killed, starting a new one")]
    private partial void LogChildNotReady(int index, int pid, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Child process {Pid} still running; killed with its task")]
    private partial void LogChildKilled(int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "[child {Index}] {Line}")]
    private partial void LogChildOutput(int index, string line);
}
