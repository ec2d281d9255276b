using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// process.cpu.utilization (OpenTelemetry's semantic convention): CPU time used over the last second divided by the
/// elapsed time and the number of cores, so a chart reads 0-1 live. Sampled on its own timer because two readers
/// (the dashboard's and the file's) observe the gauge at different moments.
/// </summary>
internal sealed class ProcessCpuUtilization : IHostedService, IDisposable
{
    public const string MeterName = "Waitinator.Process";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Timer _timer;
    private TimeSpan _lastCpu;
    private long _lastTimestamp;
    private double _share;

    public ProcessCpuUtilization(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("process.cpu.utilization", () => Volatile.Read(ref _share), unit: "1", description: "CPU used by this process over the last second, as a share of all cores.");
        _timer = new Timer(_ => Sample(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lastCpu = CpuTime();
        _lastTimestamp = Stopwatch.GetTimestamp();
        _timer.Change(Window, Window);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var cpu = CpuTime();
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(_lastTimestamp, now);
        if (elapsed > TimeSpan.Zero)
        {
            Volatile.Write(ref _share, (cpu - _lastCpu) / elapsed / Environment.ProcessorCount);
        }

        (_lastCpu, _lastTimestamp) = (cpu, now);
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
