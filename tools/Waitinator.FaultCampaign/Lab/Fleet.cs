using System.Globalization;
using Waitinator.LocalLab;

namespace Waitinator.FaultCampaign.Lab;

/// <summary>
/// The campaign's workers: each a real Waitinator.Worker process acknowledging late, all recording in one SQLite file as
/// the lab's do, each started again after the nemesis killed or stopped it.
/// </summary>
public sealed class Fleet(CampaignLab lab, string workerAssembly, IReadOnlyList<WorkerSpec> specs) : IAsyncDisposable
{
    /// <summary>How long a warm stop may wait for running tasks.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, ChildProcess> _running = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<WorkerSpec> Specs => specs;

    public async Task StartAllAsync() => await Task.WhenAll(specs.Select(StartAsync));

    /// <summary>Starts a worker (again) and waits until it consumes (a process-model supervisor consumes for its children).</summary>
    public async Task StartAsync(WorkerSpec spec)
    {
        var worker = ChildProcess.StartDotnet(workerAssembly, Environment(spec), logFile: Path.Combine(lab.Folder, "logs", $"worker-{spec.Name}.log"));
        lock (_gate)
        {
            _running[spec.Name] = worker;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!worker.Output.Contains(" consuming: model ", StringComparison.Ordinal))
        {
            if (worker.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Worker {spec.Name} did not start consuming. Its output:\n{worker.Output}");
            }

            await Task.Delay(200);
        }
    }

    public ChildProcess? Running(WorkerSpec spec)
    {
        lock (_gate)
        {
            return _running.GetValueOrDefault(spec.Name) is { HasExited: false } worker ? worker : null;
        }
    }

    /// <summary>SIGKILL to the worker and its children, as when its machine dies.</summary>
    public async Task KillAsync(WorkerSpec spec)
    {
        if (Running(spec) is { } worker)
        {
            worker.KillHard();
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>SIGTERM: a warm stop, running tasks finishing within the grace; killed if it takes longer than the grace and a margin.</summary>
    public async Task TerminateAsync(WorkerSpec spec)
    {
        if (Running(spec) is not { } worker)
        {
            return;
        }

        worker.Terminate();
        try
        {
            await worker.WaitForExitAsync(ShutdownGrace + TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            worker.KillHard();
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>SIGKILL to one child of a process-model worker (its supervisor starts another); the child's pid, or null.</summary>
    public int? KillChild(WorkerSpec spec, Random random)
    {
        if (Running(spec) is not { } supervisor || supervisor.Children() is not { Count: > 0 } children)
        {
            return null;
        }

        var child = children[random.Next(children.Count)];
        return ChildProcess.Signal(child, 9) ? child : null;
    }

    /// <summary>Stops every worker warm (their rows are written and their unstarted deliveries returned).</summary>
    public async Task StopAllAsync() => await Task.WhenAll(specs.Select(TerminateAsync));

    public async ValueTask DisposeAsync()
    {
        List<ChildProcess> workers;
        lock (_gate)
        {
            workers = [.. _running.Values];
        }

        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }

    private Dictionary<string, string> Environment(WorkerSpec spec) => new()
    {
        ["ConnectionStrings__broker"] = lab.Servers.BrokerConnectionString,
        ["ConnectionStrings__backend"] = lab.Servers.BackendConnectionString,
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
        ["OTEL_SERVICE_NAME"] = $"campaign-worker-{spec.Name}",
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
        ["Logging__LogLevel__StackExchange.Redis"] = "Warning",
        ["Worker__ExecutionModel"] = spec.Model,
        ["Worker__Concurrency"] = spec.Concurrency.ToString(CultureInfo.InvariantCulture),
        ["Worker__Acks"] = "Late",
        ["Worker__PrefetchMultiplier"] = "1",
        ["ApiClient__BaseAddress"] = lab.Proxy.Address.ToString(),
        ["TaskRecords__DatabasePath"] = lab.WorkerDatabase,
        ["Worker__OutageTolerance"] = CampaignLab.OutageTolerance.ToString("c", CultureInfo.InvariantCulture),
        ["Worker__ShutdownGrace"] = ShutdownGrace.ToString("c", CultureInfo.InvariantCulture),
        ["ApiClient__Timeout"] = "00:00:05",
        ["ApiClient__Retries"] = "8",
        ["ApiClient__RetryDelay"] = "00:00:00.200",
        ["ApiClient__RetryMaxDelay"] = "00:00:02",
        ["Worker__MaxMessageBytes"] = CampaignLab.MaxMessageBytes.ToString(CultureInfo.InvariantCulture),
        ["Worker__DeliveryLimit"] = "10",
    };
}
