using Waitinator.Contracts.Telemetry;
namespace Waitinator.Reporter.Analysis;

/// <summary>One process of a repetition (SERVICE-PID), resampled to whole seconds of the repetition's clock.</summary>
public sealed record ProcessTimeline(string Service, int Pid, IReadOnlyList<TimelinePoint> Points)
{
    public string Name => $"{Service}-{Pid}";

    public bool IsWorker => LabResourceNames.IsWorker(Service);
}
