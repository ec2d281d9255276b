using Spectre.Console;
using Waitinator.Contracts.Results;
using Waitinator.Reporter.Analysis;
using Waitinator.Reporter.Input;
using Waitinator.Reporter.Output;

namespace Waitinator.Reporter;

/// <summary>
/// Reads a results folder, analyses it and writes the report: clean JSON and CSV, charts, the telemetry for the dashboard's
/// import, report.md and report.html.
/// </summary>
public sealed class ReportRunner(IAnsiConsole console)
{
    public int Run(string folder, string? output)
    {
        if (ResultsFolderLocator.Resolve(folder) is not { } results)
        {
            console.MarkupLineInterpolated(
                $"[red]{Path.GetFullPath(folder)} is not a results folder: it has no {ResultsFolderLocator.ExperimentFile} and no configuration folders (with {ResultsFolderLocator.ConfigurationFile} or repetition folders), and holds no such folder. Pass results/EXPERIMENT/TIMESTAMP, results/EXPERIMENT or runs/TIMESTAMP.[/]");
            return ReporterExitCodes.NotAResultsFolder;
        }

        if (results.Note is not null)
        {
            console.MarkupLineInterpolated($"[grey]{results.Note}[/]");
        }

        var warnings = new ReportWarnings(results.Path);
        var layout = ExperimentLayout.Discover(results, warnings);
        var experiment = ExperimentResult.Analyze(layout, results.IsSingleRun, warnings);
        var paths = new ReportPaths(Path.GetFullPath(output ?? Path.Combine(results.Path, "report")));
        try
        {
            Write(experiment, layout, results, paths, warnings);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]Could not write the report to {paths.Root}: {exception.Message}[/]");
            return ReporterExitCodes.NothingReported;
        }

        return experiment.ReportedRepetitions > 0 ? ReporterExitCodes.Reported : ReporterExitCodes.NothingReported;
    }

    private void Write(ExperimentResult experiment, ExperimentLayout layout, ResultsFolder results, ReportPaths paths, ReportWarnings warnings)
    {
        Prepare(paths);
        CleanJsonWriter.WriteProcesses(experiment, paths);
        RepetitionsCsv.Write(experiment, paths);
        DashboardArchives.Write(layout, paths);
        var charts = ChartWriter.DrawAll(experiment, paths, warnings);
        var tables = ReportTables.Build(experiment);
        if (experiment.ReportedRepetitions == 0)
        {
            warnings.Add("Not one repetition could be reported: no worker database with tasks was readable.");
        }

        var messages = warnings.Messages;
        CleanJsonWriter.WriteSummary(experiment, messages, paths);
        File.WriteAllText(paths.Markdown, MarkdownReport.Render(experiment, tables, charts, messages, paths, results.Note));
        File.WriteAllText(paths.Html, HtmlReport.Render(experiment, tables, charts, messages, paths, results.Note));

        ConsoleReport.Write(console, tables, ReportTables.Verdict(experiment), messages);
        console.MarkupLineInterpolated($"Report: [blue]{paths.Markdown}[/], [blue]{paths.Html}[/] (clean data and repetitions.csv in {paths.Clean}, charts in {paths.Charts}, telemetry for the dashboard's import in {paths.Dashboard})");
    }

    /// <summary>Clears what an earlier report left in clean/, charts/ and dashboard/, but only in a folder this reporter marked as its own.</summary>
    private static void Prepare(ReportPaths paths)
    {
        if (File.Exists(paths.Marker))
        {
            foreach (var folder in new[] { paths.Clean, paths.Charts, paths.Dashboard }.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        Directory.CreateDirectory(paths.Root);
        File.WriteAllText(paths.Marker, "Written by Waitinator.Reporter: clean/, charts/ and dashboard/ are replaced at each report.\n");
    }
}
