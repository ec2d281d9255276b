using System.CommandLine;
using Spectre.Console;

namespace Waitinator.Reporter;

/// <summary>The command line: `Waitinator.Reporter RESULTS_FOLDER [--output DIR]`.</summary>
public static class ReporterCommand
{
    public static RootCommand Create(IAnsiConsole? console = null)
    {
        var resultsFolder = new Argument<DirectoryInfo>("results-folder")
        {
            Description = "An experiment's results folder, results/EXPERIMENT/TIMESTAMP (experiment.json and one folder per configuration). "
                + "Given results/EXPERIMENT, the latest TIMESTAMP folder in it is reported. "
                + "A single run's folder, runs/TIMESTAMP, is reported as one configuration with one repetition.",
        };
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Where the report goes; default RESULTS_FOLDER/report.",
        };

        var command = new RootCommand(
            "Reports on an experiment's results: clean per-process data (clean/), summary figures (clean/summary.json), "
            + "charts (charts/, PNG and SVG), report.md and report.html. Exit code 0 when at least one repetition was "
            + "reported, 1 when none could be, 2 when the folder is not a results folder.")
        {
            resultsFolder,
            output,
        };
        command.SetAction(parse => new ReportRunner(console ?? DefaultConsole()).Run(parse.GetValue(resultsFolder)!.FullName, parse.GetValue(output)?.FullName));
        return command;
    }

    /// <summary>Captured output (the AppHost's log, a file) has no width: give the tables room rather than 80 columns.</summary>
    private static IAnsiConsole DefaultConsole()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 200;
        }

        return console;
    }
}
