using System.CommandLine;
using Spectre.Console;

namespace Waitinator.Reporter;

/// <summary>The command line: `Waitinator.Reporter RUN_FOLDER` summarises what a run recorded.</summary>
public static class ReporterCommand
{
    public static RootCommand Create()
    {
        var runFolder = new Argument<DirectoryInfo>("run-folder")
        {
            Description = "A run's folder under runs/ (the AppHost prints it at start).",
        }.AcceptExistingOnly();

        var command = new RootCommand("Summarises what a Waitinator run recorded.") { runFolder };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(runFolder)!;
            var database = Path.Combine(folder.FullName, "api", "waitinator-api.db");
            if (!File.Exists(database))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No Api database at {database}: is {folder.FullName} a run's folder?[/]");
                return 2;
            }

            var summary = ApiRequestSummary.Read(database);
            var table = new Table().AddColumns("requests", "mean sleep (s)", "mean request (s)", "total (s)");
            table.AddRow(
                summary.Requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
                summary.MeanSleepSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
                summary.MeanRequestSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
                summary.TotalSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
