using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>
/// clean/CONFIGURATION/REPETITION/SERVICE-PID.json: one process's samples at whole seconds of the repetition's clock
/// (seconds since the clock origin), cut to the task window.
/// </summary>
public sealed record CleanProcessDocument(
    string Configuration,
    string Repetition,
    string Service,
    int Pid,
    DateTimeOffset ClockOrigin,
    string ClockOriginSource,
    double WindowStartSeconds,
    double WindowEndSeconds,
    string WindowSource,
    double StepSeconds,
    string Units,
    IReadOnlyList<TimelinePoint> Samples)
{
    public const string UnitsNote =
        "seconds: since clock_origin; cpu_utilization: CPU seconds per wall second from process.cpu.time (1.0 = one core); "
        + "reported_cpu_utilization: process.cpu.utilization as exported; memory_mb: working set in 2^20 bytes; "
        + "*_connections: counts (server_*: as the server saw this process, from the monitor)";

    public static CleanProcessDocument Of(RepetitionResult repetition, RepetitionClock clock, ProcessTimeline process) => new(
        repetition.Configuration,
        repetition.Repetition,
        process.Service,
        process.Pid,
        clock.Origin,
        clock.OriginSource,
        clock.WindowStartSeconds,
        clock.WindowEndSeconds,
        clock.WindowSource,
        RepetitionClock.StepSeconds,
        UnitsNote,
        process.Points);
}
