using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>One sentence on what the report covers, for the top of each page.</summary>
public static class ReportHeadline
{
    public static string Of(ExperimentResult experiment)
    {
        var repetitions = experiment.Configurations.Sum(c => c.Repetitions.Count);
        return $"{experiment.Configurations.Count} configuration(s), {experiment.ReportedRepetitions} of {repetitions} repetition(s) reported; "
            + $"baseline {experiment.Baseline?.Name ?? "none"}.";
    }
}
