using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Waitinator.Contracts.Settings;
using Waitinator.LocalLab;

namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// One worker under test as a process of its own: the lab's .NET worker (built beside the benchmark) or a Python
/// Celery worker running the lab's tasks (celery/waitinator_celery.py), on the same broker, backend and Api.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last of what the worker printed, for the error when it fails.</summary>
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

    /// <summary>Starts replica <paramref name="replica"/> of the contender (its .NET worker database is worker-REPLICA.db in the folder).</summary>
    public static WorkerProcess Start(Contender contender, int replica, BenchmarkServers servers, ApiProcess api, ApiProtocol protocol, string folder) =>
        new(Process.Start(contender.Engine == Engine.DotNet ? DotNet(contender, replica, servers, api, protocol, folder) : Celery(contender, servers, api.Address))
            ?? throw new InvalidOperationException($"Could not start {contender.Name}."));

    private static ProcessStartInfo DotNet(Contender contender, int replica, BenchmarkServers servers, ApiProcess api, ApiProtocol protocol, string folder)
    {
        var start = new ProcessStartInfo("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "Waitinator.Worker.dll"),
            "--Worker:ExecutionModel", contender.Model,
            "--Worker:Concurrency", contender.Concurrency.ToString(CultureInfo.InvariantCulture),
            "--Worker:PrefetchMultiplier", contender.PrefetchMultiplier.ToString(CultureInfo.InvariantCulture),
            "--Worker:Acks", contender.AcksLate ? "Late" : "Early",
            "--Worker:Queues:0", "waitinate", "--Worker:Queues:1", "summarize", "--Worker:Queues:2", "noop",
            "--ApiClient:BaseAddress", (protocol == ApiProtocol.Http2 ? api.Http2Address : api.Address).ToString(),
            "--ApiClient:Protocol", protocol.ToString(),
            "--TaskRecords:DatabasePath", Path.Combine(folder, $"worker-{replica}.db"),
            "--Logging:LogLevel:Default", "Warning",
        ]);
        start.Environment["ConnectionStrings__broker"] = servers.BrokerConnectionString;
        start.Environment["ConnectionStrings__backend"] = servers.BackendConnectionString;
        // Measured as an engine: no OTLP export to the dashboard (Celery exports nothing either).
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = null;
        start.Environment["OTEL_SERVICE_NAME"] = $"benchmark-worker";
        return Redirected(start);
    }

    private static ProcessStartInfo Celery(Contender contender, BenchmarkServers servers, Uri api)
    {
        var pool = contender.Model == "threads" ? "threads" : contender.Model;
        var start = new ProcessStartInfo(CeleryPython,
        [
            "-m", "celery", "-A", "waitinator_celery", "worker", "-Q", "waitinate,summarize,noop",
            "-P", pool, "-c", contender.Concurrency.ToString(CultureInfo.InvariantCulture),
            "--prefetch-multiplier", contender.PrefetchMultiplier.ToString(CultureInfo.InvariantCulture),
            "--without-gossip", "--without-mingle", "-l", "WARNING", "-n", $"celery-{Guid.NewGuid():N}@%h",
        ])
        {
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "celery"),
        };
        start.Environment["WAITINATOR_BROKER_URL"] = servers.CeleryBrokerUrl;
        start.Environment["WAITINATOR_BACKEND_URL"] = servers.CeleryBackendUrl;
        start.Environment["WAITINATOR_API_URL"] = api.ToString();
        start.Environment["WAITINATOR_POOL"] = pool;
        start.Environment["WAITINATOR_CONCURRENCY"] = contender.Concurrency.ToString(CultureInfo.InvariantCulture);
        start.Environment["WAITINATOR_ACKS_LATE"] = contender.AcksLate ? "true" : "false";
        return Redirected(start);
    }

    /// <summary>Debian's Python, where python3-celery and its pools are installed.</summary>
    public static string CeleryPython => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Null when Debian's Python can import <paramref name="modules"/> (comma-separated); otherwise why not.</summary>
    public static async Task<string?> PythonImportFailsAsync(string modules)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(CeleryPython, ["-c", $"import {modules}"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            if (probe is null)
            {
                return $"{CeleryPython} could not be started";
            }

            var error = await probe.StandardError.ReadToEndAsync();
            await probe.WaitForExitAsync();
            return probe.ExitCode == 0 ? null : error.Trim().Split('\n')[^1];
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return $"{CeleryPython} could not be started: {exception.Message}";
        }
    }

    private static ProcessStartInfo Redirected(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return start;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length > 20_000)
            {
                _output.Remove(0, _output.Length - 10_000);
            }

            _output.AppendLine(line);
        }
    }

    /// <summary>A warm stop (SIGTERM, as both engines expect), then the whole tree killed if it takes longer than 30 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = Kill(_process.Id, 15);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
