using Spectre.Console;

namespace Waitinator.Reporter.Output;

/// <summary>The tables and warnings on the terminal, as Spectre.Console tables.</summary>
public static class ConsoleReport
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ReportTable> tables, IReadOnlyList<string> verdict, IReadOnlyList<string> warnings)
    {
        foreach (var table in tables)
        {
            var rendered = new Table { Title = new TableTitle(Markup.Escape(table.Title)), Border = TableBorder.Rounded };
            foreach (var header in table.Headers)
            {
                rendered.AddColumn(new TableColumn(Markup.Escape(header)));
            }

            foreach (var row in table.Rows)
            {
                rendered.AddRow([.. row.Select(cell => new Text(cell))]);
            }

            console.Write(rendered);
        }

        foreach (var line in verdict)
        {
            console.MarkupLineInterpolated($"[green]{line}[/]");
        }

        if (warnings.Count == 0)
        {
            return;
        }

        console.MarkupLineInterpolated($"[yellow]{warnings.Count} warning(s):[/]");
        foreach (var warning in warnings)
        {
            console.MarkupLineInterpolated($"[yellow]- {warning}[/]");
        }
    }
}
