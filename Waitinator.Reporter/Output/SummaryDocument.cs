using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>clean/summary.json: every configuration's figures per repetition and across repetitions.</summary>
public sealed record SummaryDocument(
    string Experiment,
    string ResultsFolder,
    DateTimeOffset GeneratedAt,
    string? Baseline,
    IReadOnlyList<ConfigurationSummary> Configurations,
    IReadOnlyList<string> Warnings)
{
    public static SummaryDocument Of(ExperimentResult experiment, IReadOnlyList<string> warnings) => new(
        experiment.Name,
        experiment.Folder,
        DateTimeOffset.UtcNow,
        experiment.Baseline?.Name,
        [.. experiment.Configurations.Select(ConfigurationSummary.Of)],
        warnings);
}
