using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Waitinator.LocalLab;

/// <summary>
/// A real process started by a test or a tool: its output kept (in memory, or in a log file with only its tail in
/// memory), stopped with a signal of the caller's choosing, and killed with its whole tree when disposed.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptInMemory = 64 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter? _log;
    private readonly Func<Task>? _afterExit;

    private ChildProcess(Process process, StreamWriter? log, Func<Task>? afterExit)
    {
        _process = process;
        _log = log;
        _afterExit = afterExit;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote (with a log file: its last 64 KB).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="logFile">Where every line goes; null keeps the whole output in memory.</param>
    /// <param name="afterExit">Awaited once the process is gone when disposed (what it leaves behind, say).</param>
    public static ChildProcess Start(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null,
        string? logFile = null, Func<Task>? afterExit = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = logFile is null ? null : new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var child = new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}."), log, afterExit);
        child._process.OutputDataReceived += (_, line) => child.Append(line.Data);
        child._process.ErrorDataReceived += (_, line) => child.Append(line.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>A .NET program by its assembly, run from the assembly's folder so that it reads its own appsettings.json.</summary>
    public static ChildProcess StartDotnet(
        string assembly, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? arguments = null, string? logFile = null) =>
        Start("dotnet", [assembly, .. arguments ?? []], environment, Path.GetDirectoryName(assembly), logFile);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {timeout}. Its output:\n{Output}");
        }

        // WaitForExitAsync returns before the last output lines are read; WaitForExit() waits for them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the process and all its descendants: no chance to acknowledge or clean up, as when a machine dies.</summary>
    public void KillHard()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Gone already.
        }
    }

    /// <summary>SIGTERM, as systemd, Kubernetes or the AppHost stop a service: the process may finish its work first.</summary>
    public void Terminate() => Signal(_process.Id, 15);

    /// <summary>Sends <paramref name="signal"/> to one process (this one, or one of its children); false if it has gone.</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            KillHard();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_log is not null)
        {
            lock (_output)
            {
                _log.Dispose();
            }
        }

        if (_afterExit is not null)
        {
            await _afterExit();
        }
    }

    /// <summary>The process's children, from /proc (a process-model worker's children, say).</summary>
    public IReadOnlyList<int> Children()
    {
        try
        {
            return File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_log is not null)
            {
                _log.WriteLine(line);
                if (_output.Length > 2 * KeptInMemory)
                {
                    _output.Remove(0, _output.Length - KeptInMemory);
                }
            }

            _output.AppendLine(line);
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // One plain libc call: no marshalling for the generator to save.
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054, CA5392
}
