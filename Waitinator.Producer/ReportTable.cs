using System.Globalization;
using Spectre.Console;
using Waitinator.Contracts;

namespace Waitinator.Producer;

/// <summary>The producer's report on the terminal: one row per chord and one for the whole run.</summary>
internal static class ReportTable
{
    public static void Print(ExperimentReport report)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        var table = new Table().Title($"Waitinator run: {string.Join(", ", report.Pools)}")
            .AddColumns("chord", "tasks", "mean task (s)", "total (s)", "ideal (s)", "total / ideal");
        for (var i = 0; i < report.Chords.Count; i++)
        {
            var chord = report.Chords[i];
            table.AddRow($"{i + 1}", N(chord.TaskCount), S(chord.MeanTaskSeconds), S(chord.TotalSeconds), "", "");
        }

        table.AddRow("all", N(report.TaskCount), S(report.MeanTaskSeconds), S(report.TotalSeconds), S(report.IdealSeconds), report.RatioToIdeal.ToString("F3", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string S(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
