using Waitinator.Reporter.Input;

namespace Waitinator.Reporter.Analysis;

/// <summary>An experiment analysed: its configurations in order, the first being the baseline.</summary>
public sealed record ExperimentResult(string Name, string Folder, IReadOnlyList<ConfigurationResult> Configurations)
{
    public ConfigurationResult? Baseline => Configurations.Count > 0 ? Configurations[0] : null;

    public int ReportedRepetitions => Configurations.Sum(c => c.ReportedRepetitions);

    public static ExperimentResult Analyze(ExperimentLayout layout, bool isSingleRun, ReportWarnings warnings)
    {
        var analysed = layout.Configurations
            .Select(configuration => (
                configuration.Settings,
                Repetitions: (IReadOnlyList<RepetitionResult>)
                [
                    .. configuration.Repetitions.Select(r => RepetitionAnalyzer.Analyze(configuration, r, isSingleRun, warnings)),
                ]))
            .Select(c => (c.Settings, c.Repetitions, Spreads: FigureSpreads.Of([.. c.Repetitions.Select(r => r.Figures)])))
            .ToList();

        var baselineTotal = analysed.Count > 0 ? analysed[0].Spreads.TotalSeconds?.Median : null;
        if (analysed.Count > 0 && baselineTotal is null)
        {
            warnings.Add($"The baseline {analysed[0].Settings.Name} has no total time: no improvement can be computed.");
        }

        var baselineTotals = analysed.Count > 0 ? Totals(analysed[0].Repetitions) : [];
        var configurations = analysed
            .Select((c, index) => new ConfigurationResult(
                c.Settings,
                c.Repetitions,
                c.Spreads,
                c.Spreads.TotalSeconds?.Median is { } total && baselineTotal is > 0 ? (total / baselineTotal.Value - 1) * 100 : null,
                index == 0 ? null : BaselineComparison.Of(baselineTotals, Totals(c.Repetitions)),
                Percentiles.Of([.. c.Repetitions.SelectMany(r => r.Tasks?.TaskSeconds ?? [])]),
                Percentiles.Of([.. c.Repetitions.SelectMany(r => r.Tasks?.QueueWaitSeconds ?? [])])))
            .ToList();
        return new ExperimentResult(layout.Name, layout.Folder, configurations);
    }

    private static List<double> Totals(IEnumerable<RepetitionResult> repetitions) =>
        [.. repetitions.Select(r => r.Figures.TotalSeconds).OfType<double>()];
}
