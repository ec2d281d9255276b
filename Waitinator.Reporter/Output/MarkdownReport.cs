using System.Globalization;
using System.Text;
using Waitinator.Contracts.Results;
using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>report.md: the tables, the charts (linked relative to the report folder) and the warnings.</summary>
public static class MarkdownReport
{
    public static string Render(ExperimentResult experiment, IReadOnlyList<ReportTable> tables, DrawnCharts charts, IReadOnlyList<string> warnings, ReportPaths paths, string? note)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Waitinator report: {experiment.Name}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Results folder: `{experiment.Folder}`  ");
        text.AppendLine(CultureInfo.InvariantCulture, $"Generated {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: {ReportHeadline.Of(experiment)}  ");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Figures: [summary.json]({paths.Link(paths.Summary)}), [repetitions.csv]({paths.Link(paths.Csv)}); each repetition's telemetry for the Aspire dashboard's import: [dashboard/]({paths.Link(paths.Dashboard)}).");
        if (note is not null)
        {
            text.AppendLine();
            text.AppendLine(note);
        }

        foreach (var table in tables)
        {
            text.AppendLine();
            text.Append(Table(table));
        }

        if (ReportTables.Verdict(experiment) is { Count: > 0 } verdict)
        {
            text.AppendLine();
            text.AppendLine("## Sweet spot");
            text.AppendLine();
            foreach (var line in verdict)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
            }
        }

        if (charts.Comparisons.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Comparison charts");
            foreach (var chart in charts.Comparisons)
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"![{chart.Title}]({paths.Link(chart.Path)}.png) ([SVG]({paths.Link(chart.Path)}.svg))");
            }
        }

        if (charts.Processes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Processes");
            text.AppendLine();
            text.AppendLine("CPU, memory and connections of each process over the tasks, and its clean samples.");
            foreach (var group in charts.Processes.GroupBy(c => (c.Configuration, c.Repetition)))
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"### {group.Key.Configuration}, repetition {group.Key.Repetition}");
                text.AppendLine();
                foreach (var chart in group)
                {
                    var clean = paths.Link(paths.CleanProcess(chart.Configuration!, chart.Repetition!, chart.Process!));
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"- {chart.Title}: [PNG]({paths.Link(chart.Path)}.png), [SVG]({paths.Link(chart.Path)}.svg), [clean data]({clean})");
                }
            }
        }

        text.AppendLine();
        text.AppendLine("## Warnings");
        text.AppendLine();
        if (warnings.Count == 0)
        {
            text.AppendLine("None.");
        }

        foreach (var warning in warnings)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {warning}");
        }

        return text.ToString();
    }

    public static string Table(ReportTable table)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {table.Title}");
        text.AppendLine();
        if (table.Note is not null)
        {
            text.AppendLine(table.Note);
            text.AppendLine();
        }

        text.AppendLine(Row(table.Headers));
        text.AppendLine(Row(table.Headers.Select(_ => "---")));
        foreach (var row in table.Rows)
        {
            text.AppendLine(Row(row));
        }

        return text.ToString();
    }

    private static string Row(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |";
}
