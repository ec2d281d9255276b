using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>
/// clean/summary.json: every configuration's figures per repetition and across repetitions, and the sweet spot's lines
/// as the report words them (the AppHost prints them under its closing table).
/// </summary>
public sealed record SummaryDocument(
    string Experiment,
    string ResultsFolder,
    DateTimeOffset GeneratedAt,
    string? Baseline,
    IReadOnlyList<ConfigurationSummary> Configurations,
    IReadOnlyList<string> SweetSpot,
    IReadOnlyList<string> Warnings)
{
    public static SummaryDocument Of(ExperimentResult experiment, IReadOnlyList<string> warnings) => new(
        experiment.Name,
        experiment.Folder,
        DateTimeOffset.UtcNow,
        experiment.Baseline?.Name,
        [.. experiment.Configurations.Select(ConfigurationSummary.Of)],
        ReportTables.Verdict(experiment),
        warnings);
}
