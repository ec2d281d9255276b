using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Hosting;
using Waitinator.TaskQueue.Transport;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>
/// The Process model (Celery's prefork): N child processes of this same program, each a Solo worker with its own
/// broker connection, restarted when one dies. Its slots are the children, which consume for themselves: this process
/// is handed no deliveries. When the intake stops, SIGTERM reaches every child, which then stops warm.
/// </summary>
internal sealed partial class ProcessPool(int children, ILogger<ProcessPool> logger) : IExecutionPool
{
    /// <summary>How much longer than its children's warm stop the supervisor waits before it stops too.</summary>
    public static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(15);

    private const int SigTerm = 15;
    private readonly Lock _gate = new();
    private readonly Process?[] _children = new Process?[children];
    private bool _stopping;

    public Task Start(ChannelReader<Delivery> deliveries, Func<Delivery, Task> run, CancellationToken intake)
    {
        LogStarting(children);
        intake.Register(StopChildren);
        return Task.WhenAll(Enumerable.Range(0, children).Select(index => SuperviseAsync(index, intake)));
    }

    private async Task SuperviseAsync(int index, CancellationToken intake)
    {
        while (StartChild(index) is { } child)
        {
            await child.WaitForExitAsync(CancellationToken.None);
            var (pid, code) = (child.Id, child.ExitCode);
            bool stopping;
            lock (_gate)
            {
                _children[index] = null;
                child.Dispose();
                stopping = _stopping;
            }

            if (stopping || intake.IsCancellationRequested)
            {
                return;
            }

            LogChildDied(index, pid, code);
            await Task.Delay(TimeSpan.FromSeconds(1), intake).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Starts child <paramref name="index"/>, or returns null once stopping has begun.</summary>
    private Process? StartChild(int index)
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
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OTEL_RESOURCE_ATTRIBUTES"] = ChildResourceAttributes(index);

        Process child;
        lock (_gate)
        {
            if (_stopping)
            {
                return null;
            }

            child = Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker child process.");
            _children[index] = child;
        }

        child.OutputDataReceived += (_, line) => Forward(index, line.Data);
        child.ErrorDataReceived += (_, line) => Forward(index, line.Data);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        LogChildStarted(index, child.Id);
        return child;
    }

    /// <summary>SIGTERM to every child, which stops warm; none is restarted from now on.</summary>
    private void StopChildren()
    {
        lock (_gate)
        {
            _stopping = true;
            foreach (var child in _children.OfType<Process>())
            {
                _ = kill(child.Id, SigTerm);
            }
        }
    }

    /// <summary>Kills every child still running, with its task; none is restarted.</summary>
    public void Terminate()
    {
        lock (_gate)
        {
            _stopping = true;
            foreach (var child in _children.OfType<Process>())
            {
                LogChildKilled(child.Id);
                child.Kill(entireProcessTree: true);
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

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // One plain libc call: no marshalling for the generator to save.
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054, CA5392

    [LoggerMessage(Level = LogLevel.Information, Message = "Process model: supervising {Count} child workers")]
    private partial void LogStarting(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Child {Index} started as process {Pid}")]
    private partial void LogChildStarted(int index, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Child {Index} (process {Pid}) exited with code {Code}; starting a new one")]
    private partial void LogChildDied(int index, int pid, int code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Child process {Pid} still running; killed with its task")]
    private partial void LogChildKilled(int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "[child {Index}] {Line}")]
    private partial void LogChildOutput(int index, string line);
}
