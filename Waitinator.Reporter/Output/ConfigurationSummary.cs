using Waitinator.Reporter.Analysis;
using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Output;

/// <summary>
/// One configuration in summary.json: settings, improvement on the baseline and whether it stands out from the noise,
/// median and range of each figure, percentiles of every task's duration and queue wait.
/// </summary>
public sealed record ConfigurationSummary(
    string Name,
    ConfigurationManifest Settings,
    int ReportedRepetitions,
    double? ImprovementPercent,
    BaselineComparison? Comparison,
    Percentiles? TaskSecondsPercentiles,
    Percentiles? QueueWaitSecondsPercentiles,
    FigureSpreads AcrossRepetitions,
    IReadOnlyList<RepetitionSummary> Repetitions)
{
    public static ConfigurationSummary Of(ConfigurationResult configuration) => new(
        configuration.Name,
        configuration.Settings,
        configuration.ReportedRepetitions,
        configuration.ImprovementPercent,
        configuration.Comparison,
        configuration.TaskSecondsPercentiles,
        configuration.QueueWaitSecondsPercentiles,
        configuration.Spreads,
        [.. configuration.Repetitions.Select(RepetitionSummary.Of)]);
}
