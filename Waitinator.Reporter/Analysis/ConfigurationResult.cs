using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Analysis;

/// <summary>
/// A configuration over its repetitions. The improvement compares median total times with the baseline's:
/// negative is faster ("-46" is 46% less time).
/// </summary>
public sealed record ConfigurationResult(
    ConfigurationManifest Settings,
    IReadOnlyList<RepetitionResult> Repetitions,
    FigureSpreads Spreads,
    double? ImprovementPercent)
{
    public string Name => Settings.Name!;

    public int ReportedRepetitions => Repetitions.Count(r => r.IsReported);
}
