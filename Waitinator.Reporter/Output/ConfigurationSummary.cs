using Waitinator.Reporter.Analysis;
using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Output;

/// <summary>One configuration in summary.json: settings, improvement on the baseline, median and range of each figure.</summary>
public sealed record ConfigurationSummary(
    string Name,
    ConfigurationManifest Settings,
    int ReportedRepetitions,
    double? ImprovementPercent,
    FigureSpreads AcrossRepetitions,
    IReadOnlyList<RepetitionSummary> Repetitions)
{
    public static ConfigurationSummary Of(ConfigurationResult configuration) => new(
        configuration.Name,
        configuration.Settings,
        configuration.ReportedRepetitions,
        configuration.ImprovementPercent,
        configuration.Spreads,
        [.. configuration.Repetitions.Select(RepetitionSummary.Of)]);
}
