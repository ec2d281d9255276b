using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Analysis;

/// <summary>
/// A configuration over its repetitions. The improvement compares median total times with the baseline's:
/// negative is faster ("-46" is 46% less time); the comparison says whether the difference stands out from the noise.
/// Percentiles are over every task of the reported repetitions together.
/// </summary>
public sealed record ConfigurationResult(
    ConfigurationManifest Settings,
    IReadOnlyList<RepetitionResult> Repetitions,
    FigureSpreads Spreads,
    double? ImprovementPercent,
    BaselineComparison? Comparison,
    Percentiles? TaskSecondsPercentiles,
    Percentiles? QueueWaitSecondsPercentiles)
{
    public string Name => Settings.Name!;

    public int ReportedRepetitions => Repetitions.Count(r => r.IsReported);
}
