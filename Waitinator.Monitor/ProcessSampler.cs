using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;
using Waitinator.Processes;
using Waitinator.Contracts.Telemetry;

namespace Waitinator.Monitor;

/// <summary>
/// CPU and memory of every lab process, read from /proc as the original investigation read them with psutil: Celery's
/// parent and children, the servers and the .NET services alike, so that a process that reports nothing itself still
/// has its chart. Published under OpenTelemetry's process metric names with the process's id, parent and resource as
/// attributes. Off when the monitor was not started by the lab (no WAITINATOR_LAB in its environment).
/// </summary>
internal sealed partial class ProcessSampler : BackgroundService
{
    public const string MeterName = "Waitinator.Monitor.Processes";

    private readonly LabProcesses _processes;
    private readonly MonitorOptions _options;
    private readonly ILogger<ProcessSampler> _logger;
    private readonly Dictionary<int, (double CpuSeconds, long Timestamp)> _previous = [];
    private IReadOnlyList<ProcessSample> _latest = [];

    public ProcessSampler(LabProcesses processes, IOptions<MonitorOptions> options, IMeterFactory meters, ILogger<ProcessSampler> logger)
    {
        (_processes, _options, _logger) = (processes, options.Value, logger);
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter(LabMetrics.CpuTime, () => Latest.SelectMany(p => new[]
        {
            new Measurement<double>(p.UserSeconds, Tags(p.Process, ("cpu.mode", "user"))),
            new Measurement<double>(p.SystemSeconds, Tags(p.Process, ("cpu.mode", "system"))),
        }), "s", "CPU time a lab process has used, read from /proc.");
        meter.CreateObservableGauge(LabMetrics.CpuUtilization, () => Latest.Select(p => new Measurement<double>(p.CpuShare, Tags(p.Process))), "1",
            "CPU a lab process used over the last interval, as a share of all cores, read from /proc.");
        meter.CreateObservableGauge(LabMetrics.MemoryUsage, () => Latest.Select(p => new Measurement<long>(p.ResidentBytes, Tags(p.Process))), "By",
            "Resident memory of a lab process, read from /proc.");
    }

    private IReadOnlyList<ProcessSample> Latest => Volatile.Read(ref _latest);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_processes.Enabled)
        {
            LogOff(LabProcesses.LabVariable);
            return;
        }

        using var timer = new PeriodicTimer(_options.Interval);
        try
        {
            do
            {
                try
                {
                    Volatile.Write(ref _latest, Sample(_processes));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    LogSampleFailed(exception.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private List<ProcessSample> Sample(LabProcesses processes)
    {
        var now = Stopwatch.GetTimestamp();
        var samples = new List<ProcessSample>();
        var alive = new HashSet<int>();
        foreach (var (process, stat) in processes.Scan())
        {
            if (ProcessStatus.Read(process.Pid) is not { } status)
            {
                continue;
            }

            alive.Add(process.Pid);
            var share = _previous.TryGetValue(process.Pid, out var previous) && Stopwatch.GetElapsedTime(previous.Timestamp, now) is { TotalSeconds: > 0 } elapsed
                ? Math.Max(0, stat.CpuSeconds - previous.CpuSeconds) / elapsed.TotalSeconds / Environment.ProcessorCount
                : 0;
            _previous[process.Pid] = (stat.CpuSeconds, now);
            samples.Add(new ProcessSample(process, stat.UserSeconds, stat.SystemSeconds, share, status.ResidentBytes));
        }

        foreach (var gone in _previous.Keys.Where(pid => !alive.Contains(pid)).ToList())
        {
            _previous.Remove(gone);
        }

        return samples;
    }

    private static KeyValuePair<string, object?>[] Tags(LabProcess process, params (string Key, string Value)[] more) =>
    [
        new(LabMetrics.ProcessId, process.Pid),
        new(LabMetrics.ParentProcessId, process.ParentPid),
        new(LabMetrics.ExecutableName, process.Executable),
        new(LabMetrics.Resource, process.Resource),
        .. more.Select(tag => new KeyValuePair<string, object?>(tag.Key, tag.Value)),
    ];

    private sealed record ProcessSample(LabProcess Process, double UserSeconds, double SystemSeconds, double CpuShare, long ResidentBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "No {Variable} in the environment: not started by the lab, so no process sampling")]
    private partial void LogOff(string variable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Process sample failed, keeping the previous one: {Reason}")]
    private partial void LogSampleFailed(string reason);
}
