using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>One repetition in summary.json: its figures, its clock and the processes its clean data holds.</summary>
public sealed record RepetitionSummary(
    string Repetition,
    bool Reported,
    DateTimeOffset? ClockOrigin,
    string? ClockOriginSource,
    DateTimeOffset? FirstTaskStart,
    DateTimeOffset? LastTaskEnd,
    RepetitionFigures Figures,
    IReadOnlyList<string> Processes)
{
    public static RepetitionSummary Of(RepetitionResult repetition) => new(
        repetition.Repetition,
        repetition.IsReported,
        repetition.Clock?.Origin,
        repetition.Clock?.OriginSource,
        repetition.Tasks?.FirstStart,
        repetition.Tasks?.LastEnd,
        repetition.Figures,
        [.. repetition.Processes.Select(p => p.Name)]);
}
