using System.Globalization;
using System.Net;
using System.Text;
using Waitinator.Contracts.Results;
using Waitinator.Reporter.Analysis;

namespace Waitinator.Reporter.Output;

/// <summary>
/// report.html: one file with the tables and the comparison charts embedded (it can be mailed alone); the many
/// per-process charts are linked relative to the report folder, to keep the page small.
/// </summary>
public static class HtmlReport
{
    private const string Style =
        """
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
        td { white-space: nowrap; }
        th { background: #f3f3f3; }
        td:first-child, th:first-child { text-align: left; }
        .note { color: #555; max-width: 60em; }
        img { max-width: 100%; }
        .warnings li { color: #8a4b00; }
        """;

    public static string Render(ExperimentResult experiment, IReadOnlyList<ReportTable> tables, DrawnCharts charts, IReadOnlyList<string> warnings, ReportPaths paths, string? note)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine(CultureInfo.InvariantCulture, $"<title>Waitinator report: {Encode(experiment.Name)}</title>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<style>{Style}</style></head><body>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<h1>Waitinator report: {Encode(experiment.Name)}</h1>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<p>Results folder: <code>{Encode(experiment.Folder)}</code><br>");
        html.AppendLine(CultureInfo.InvariantCulture, $"Generated {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: {Encode(ReportHeadline.Of(experiment))}<br>");
        html.AppendLine(CultureInfo.InvariantCulture,
            $"Figures: <a href=\"{Encode(paths.Link(paths.Summary))}\">summary.json</a>, <a href=\"{Encode(paths.Link(paths.Csv))}\">repetitions.csv</a>; "
            + $"each repetition's telemetry for the Aspire dashboard's import: <a href=\"{Encode(paths.Link(paths.Dashboard))}\">dashboard/</a>.</p>");
        if (note is not null)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"note\">{Encode(note)}</p>");
        }

        foreach (var table in tables)
        {
            html.Append(Table(table));
        }

        if (ReportTables.Verdict(experiment) is { Count: > 0 } verdict)
        {
            html.AppendLine("<h2>Sweet spot</h2><ul>");
            foreach (var line in verdict)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<li>{Encode(line)}</li>");
            }

            html.AppendLine("</ul>");
        }

        if (charts.Comparisons.Count > 0)
        {
            html.AppendLine("<h2>Comparison charts</h2>");
            foreach (var chart in charts.Comparisons)
            {
                var png = Convert.ToBase64String(File.ReadAllBytes(chart.Path + ".png"));
                html.AppendLine(CultureInfo.InvariantCulture,
                    $"<figure><img alt=\"{Encode(chart.Title)}\" src=\"data:image/png;base64,{png}\"><figcaption><a href=\"{Encode(paths.Link(chart.Path))}.svg\">SVG</a></figcaption></figure>");
            }
        }

        if (charts.Processes.Count > 0)
        {
            html.AppendLine("<h2>Processes</h2>");
            foreach (var group in charts.Processes.GroupBy(c => (c.Configuration, c.Repetition)))
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<details><summary>{Encode(group.Key.Configuration!)}, repetition {Encode(group.Key.Repetition!)}</summary>");
                foreach (var chart in group)
                {
                    var link = Encode(paths.Link(chart.Path));
                    var clean = Encode(paths.Link(paths.CleanProcess(chart.Configuration!, chart.Repetition!, chart.Process!)));
                    html.AppendLine(CultureInfo.InvariantCulture,
                        $"<figure><img loading=\"lazy\" alt=\"{Encode(chart.Title)}\" src=\"{link}.png\"><figcaption>{Encode(chart.Title)}: <a href=\"{link}.svg\">SVG</a>, <a href=\"{clean}\">clean data</a></figcaption></figure>");
                }

                html.AppendLine("</details>");
            }
        }

        html.AppendLine("<h2>Warnings</h2>");
        html.AppendLine(warnings.Count == 0 ? "<p>None.</p>" : "<ul class=\"warnings\">");
        foreach (var warning in warnings)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<li>{Encode(warning)}</li>");
        }

        if (warnings.Count > 0)
        {
            html.AppendLine("</ul>");
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string Table(ReportTable table)
    {
        var html = new StringBuilder();
        html.AppendLine(CultureInfo.InvariantCulture, $"<h2>{Encode(table.Title)}</h2>");
        if (table.Note is not null)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"note\">{Encode(table.Note)}</p>");
        }

        html.Append("<table><thead><tr>");
        foreach (var header in table.Headers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(header)}</th>");
        }

        html.AppendLine("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{Encode(cell)}</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</tbody></table>");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
