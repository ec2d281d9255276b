using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Waitinator.Contracts.Results;

namespace Waitinator.AppHost.Experiments;

/// <summary>
/// The report's main figures as a terminal table at the end of an experiment, read from its summary.json: per
/// configuration the total time, its ratio to the ideal, the change against the baseline and whether it stands out from
/// the noise, and the worker processes' peak memory, CPU and connections; then the sweet spot and where report.html is.
/// </summary>
internal static class ReportTerminalSummary
{
    public static void Write(IAnsiConsole console, string reportFolder)
    {
        var paths = new ReportPaths(reportFolder);
        if (!File.Exists(paths.Summary))
        {
            console.MarkupLineInterpolated($"[red]No report summary in {reportFolder}.[/]");
            return;
        }

        using var summary = JsonDocument.Parse(File.ReadAllBytes(paths.Summary));
        var root = summary.RootElement;
        var table = new Table { Title = new TableTitle($"{root.GetProperty("experiment").GetString()}: medians over the repetitions") }
            .AddColumn(new TableColumn("configuration").NoWrap())
            .AddColumns(
                [.. new[] { "total s", "÷ ideal", "change", "verdict", "peak MB", "peak CPU", "AMQP conns", "Redis conns" }
                    .Select(header => new TableColumn(header).RightAligned())]);
        foreach (var configuration in root.GetProperty("configurations").EnumerateArray())
        {
            var figures = configuration.GetProperty("across_repetitions");
            var comparison = configuration.GetProperty("comparison");
            table.AddRow(
                Markup.Escape(configuration.GetProperty("name").GetString() ?? ""),
                Median(figures, "total_seconds", "F3"),
                Median(figures, "ratio_to_ideal", "F3"),
                configuration.GetProperty("improvement_percent") is { ValueKind: JsonValueKind.Number } improvement
                    ? improvement.GetDouble().ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%"
                    : "-",
                comparison.ValueKind == JsonValueKind.Object ? Markup.Escape(comparison.GetProperty("verdict").GetString() ?? "") : "baseline",
                Median(figures, "peak_worker_memory_mb", "F1"),
                Median(figures, "peak_worker_cpu_utilization", "F2"),
                Median(figures, "peak_broker_connections", "F0"),
                Median(figures, "peak_redis_connections", "F0"));
        }

        if (!console.Profile.Out.IsTerminal)
        {
            // A pipe or a CI log has no width of its own: Spectre's default of 80 columns would wrap every row.
            console.Profile.Width = Math.Max(console.Profile.Width, 200);
        }

        console.WriteLine();
        console.Write(table);
        foreach (var line in root.GetProperty("sweet_spot").EnumerateArray())
        {
            console.MarkupLineInterpolated($"- {line.GetString()}");
        }

        // Unwrapped, so that a terminal can open it as one link.
        console.WriteLine("Report:");
        Console.Out.WriteLine(paths.Html);
    }

    private static string Median(JsonElement figures, string name, string format) =>
        figures.TryGetProperty(name, out var spread) && spread.ValueKind == JsonValueKind.Object && spread.GetProperty("median") is { ValueKind: JsonValueKind.Number } median
            ? median.GetDouble().ToString(format, CultureInfo.InvariantCulture)
            : "-";
}
