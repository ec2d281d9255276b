using Waitinator.Contracts.Results;
using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>Writes clean/: one file per process of each repetition, and summary.json.</summary>
public static class CleanJsonWriter
{
    public static void WriteProcesses(ExperimentResult experiment, ReportPaths paths)
    {
        foreach (var repetition in experiment.Configurations.SelectMany(c => c.Repetitions))
        {
            if (repetition.Clock is not { } clock)
            {
                continue;
            }

            foreach (var process in repetition.Processes)
            {
                ReportJson.Write(
                    paths.CleanProcess(repetition.Configuration, repetition.Repetition, process.Name),
                    CleanProcessDocument.Of(repetition, clock, process));
            }
        }
    }

    public static void WriteSummary(ExperimentResult experiment, IReadOnlyList<string> warnings, ReportPaths paths) =>
        ReportJson.Write(paths.Summary, SummaryDocument.Of(experiment, warnings));
}
