using System.Diagnostics;
using System.Text;

namespace Waitinator.Tests.Lab;

/// <summary>A real process started by a test, its output kept for the failure message, killed when disposed.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

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

    public static ChildProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
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

        var child = new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}."));
        child._process.OutputDataReceived += (_, line) => child.Append(line.Data);
        child._process.ErrorDataReceived += (_, line) => child.Append(line.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>A .NET program of this solution, from its own build output.</summary>
    public static ChildProcess StartDotnet(string project, IReadOnlyDictionary<string, string> environment) =>
        Start("dotnet", [Repository.ProgramAssembly(project)], environment);

    /// <summary>
    /// The AppHost from its build output, as `dotnet run` starts it, with its dashboard, OTLP and resource-service
    /// endpoints on free loopback ports so that it never meets another lab's.
    /// </summary>
    public static ChildProcess StartAppHost(IEnumerable<string> arguments) =>
        Start(
            "dotnet",
            [Repository.ProgramAssembly("Waitinator.AppHost"), .. arguments],
            new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = Loopback(),
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Loopback(),
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = Loopback(),
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            });

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

    /// <summary>SIGKILL: the process gets no chance to acknowledge or clean up, as when a machine dies.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as systemd, Kubernetes or the AppHost stop a service: the process may finish its work first.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string Loopback() =>
        $"http://127.0.0.1:{AppHost.LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
