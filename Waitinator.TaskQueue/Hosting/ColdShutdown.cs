using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Waitinator.TaskQueue.Concurrency;

namespace Waitinator.TaskQueue.Hosting;

/// <summary>
/// Celery's cold shutdown: the first SIGTERM (or Ctrl+C) stops the worker warm, a second one stops it at once. Running
/// tasks are abandoned: late-acknowledged ones go back to the queue when the broker sees the connection close, and in the
/// Process model the children are killed with the supervisor. The host alone would ignore the second signal and wait out
/// the grace period.
/// </summary>
internal sealed partial class ColdShutdown(IExecutionPool pool, ILogger<ColdShutdown> logger) : IHostedService, IDisposable
{
    /// <summary>128 + SIGTERM, what a shell reports for a process ended by the signal.</summary>
    private const int ExitCode = 143;

    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnSignal(PosixSignalContext context)
    {
        // The first signal is the host's: it starts the warm shutdown.
        if (Interlocked.Increment(ref _signals) < 2)
        {
            return;
        }

        LogColdShutdown(context.Signal);
        // The console logger writes on a thread of its own, which _exit does not wait for: say it where it cannot be lost.
        Console.Error.WriteLine($"Second {context.Signal}: cold shutdown, running tasks abandoned (late-acknowledged ones are redelivered)");
        Console.Error.Flush();
        pool.Terminate();

        // _exit, not Environment.Exit: the host's exit handler would wait for the warm shutdown this signal cuts short.
        Exit(ExitCode);
    }

    public void Dispose() => _registrations.ForEach(registration => registration.Dispose());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Second {Signal}: cold shutdown, running tasks abandoned (late-acknowledged ones are redelivered)")]
    private partial void LogColdShutdown(PosixSignal signal);

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void Exit(int status);
}
