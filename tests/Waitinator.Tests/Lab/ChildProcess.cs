using System.Diagnostics;
using System.Text;

namespace Waitinator.Tests.Lab;

/// <summary>A real process started by a test, its output kept for the failure message, killed when disposed.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _startsLab;

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

    /// <summary>
    /// A .NET program of this solution, from its own build output folder, so that it reads its own appsettings.json as
    /// under the AppHost, not the one of whichever referenced project was copied into the tests' folder last.
    /// </summary>
    public static ChildProcess StartDotnet(string project, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? arguments = null, string? folder = null)
    {
        var assembly = Repository.ProgramAssembly(project, folder);
        return Start("dotnet", [assembly, .. arguments ?? []], environment, Path.GetDirectoryName(assembly));
    }

    /// <summary>
    /// The AppHost from its build output, as `dotnet run` starts it, with its dashboard, OTLP and resource-service
    /// endpoints on free loopback ports so that it never meets another lab's; once an earlier lab's processes are gone.
    /// </summary>
    public static async Task<ChildProcess> StartAppHostAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        await LabLeftovers.WaitUntilGoneAsync();
        var appHost = Start(
            "dotnet",
            [Repository.ProgramAssembly("Waitinator.AppHost"), .. arguments],
            new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = Loopback(),
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Loopback(),
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = Loopback(),
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            },
            // From the repository's root, as ./run.sh starts it. The tests' own folder holds a referenced project's
            // appsettings.json (whichever was copied last), and an AppHost started there gave its Api section to the Api.
            Repository.Root);
        appHost._startsLab = true;
        return appHost;
    }

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
        if (_startsLab)
        {
            // The AppHost is gone before DCP has stopped the lab's processes.
            await LabLeftovers.WaitUntilGoneAsync();
        }
    }

    private static string Loopback() =>
        $"http://127.0.0.1:{AppHost.Infrastructure.LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)}";

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
