using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Waitinator.Reporter.Output;

namespace Waitinator.Tests;

/// <summary>The report on an intact recorded experiment: clean data, figures, charts and tables.</summary>
public sealed class ReporterReportTests(ReporterReportFixture report) : IClassFixture<ReporterReportFixture>
{
    private const double Tolerance = 1e-6;

    private ReporterTestFolder Folder => report.Folder;

    [Fact]
    public void An_intact_folder_is_reported_with_exit_code_0_and_no_warning()
    {
        Assert.Equal(0, report.Invocation.ExitCode);
        Assert.Empty(report.Summary.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("solo-1", report.Summary.RootElement.GetProperty("baseline").GetString());
        Assert.DoesNotContain("monitor", report.Summary.RootElement.GetProperty("configurations").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public void Clean_json_holds_one_file_per_recorded_process()
    {
        foreach (var (configuration, repetition) in Repetitions())
        {
            var recorded = Directory.GetFiles(Folder.PathOf(configuration, repetition, "telemetry"), "*.metrics.jsonl")
                .Select(f => Path.GetFileName(f)[..^".metrics.jsonl".Length]).Order().ToList();
            var clean = Directory.GetFiles(Folder.ReportPathOf("clean", configuration, repetition), "*.json")
                .Select(f => Path.GetFileNameWithoutExtension(f)).Order().ToList();

            Assert.Equal(4, recorded.Count); // api, monitor, producer-CONFIGURATION, worker-CONFIGURATION
            Assert.Equal(recorded, clean);
            Assert.Contains(clean, name => name.StartsWith($"worker-{configuration}-", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Clean_samples_are_whole_seconds_since_the_run_started_within_a_second_of_the_tasks()
    {
        foreach (var (configuration, repetition) in Repetitions())
        {
            var started = ReporterSqlFigures.RunStartedAt(Folder.PathOf(configuration, repetition, "run.json"));
            var sql = ReporterSqlFigures.Read(Folder.PathOf(configuration, repetition, "worker", "waitinator-worker.db"));
            var firstTask = sql.FirstStartUnixSeconds - ReporterSqlFigures.UnixSeconds(started);
            var lastTask = sql.LastEndUnixSeconds - ReporterSqlFigures.UnixSeconds(started);

            foreach (var file in Directory.GetFiles(Folder.ReportPathOf("clean", configuration, repetition), "*.json"))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                var root = document.RootElement;
                Assert.Equal(started, root.GetProperty("clock_origin").GetDateTimeOffset());
                Assert.Equal(firstTask - 1, root.GetProperty("window_start_seconds").GetDouble(), Tolerance);
                Assert.Equal(lastTask + 1, root.GetProperty("window_end_seconds").GetDouble(), Tolerance);

                var seconds = root.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("seconds").GetInt32()).ToList();
                Assert.NotEmpty(seconds);
                Assert.All(seconds, s => Assert.InRange(s, firstTask - 1, lastTask + 1));
                Assert.Equal(Enumerable.Range(seconds[0], seconds.Count), seconds); // one sample a second, no gap
                foreach (var sample in root.GetProperty("samples").EnumerateArray())
                {
                    Assert.Equal(started.AddSeconds(sample.GetProperty("seconds").GetInt32()), sample.GetProperty("timestamp").GetDateTimeOffset());
                }
            }
        }
    }

    [Fact]
    public void Cpu_utilisation_lies_between_0_and_the_recording_machines_cores_and_the_worker_used_some()
    {
        foreach (var (configuration, repetition) in Repetitions())
        {
            var telemetry = Folder.PathOf(configuration, repetition, "telemetry");
            foreach (var file in Directory.GetFiles(Folder.ReportPathOf("clean", configuration, repetition), "*.json"))
            {
                var process = Path.GetFileNameWithoutExtension(file);
                var cores = RawSamples(Path.Combine(telemetry, process + ".metrics.jsonl"), "dotnet.process.cpu.count").Single().Value;
                var utilisation = CleanValues(file, "cpu_utilization");

                Assert.NotEmpty(utilisation);
                Assert.All(utilisation, u => Assert.InRange(u, 0, cores));
                if (process.StartsWith("worker-", StringComparison.Ordinal))
                {
                    Assert.Contains(utilisation, u => u > 0.01);
                }
            }
        }
    }

    [Fact]
    public void Clean_memory_is_the_last_recorded_working_set_of_each_second_in_mb()
    {
        foreach (var (configuration, repetition) in Repetitions())
        {
            var started = ReporterSqlFigures.RunStartedAt(Folder.PathOf(configuration, repetition, "run.json"));
            var worker = Path.GetFileName(Directory.GetFiles(Folder.PathOf(configuration, repetition, "telemetry"), "worker-*.metrics.jsonl").Single());
            var raw = RawSamples(Folder.PathOf(configuration, repetition, "telemetry", worker), "process.memory.usage");
            using var document = JsonDocument.Parse(File.ReadAllText(Folder.ReportPathOf("clean", configuration, repetition, worker.Replace(".metrics.jsonl", ".json", StringComparison.Ordinal))));

            foreach (var sample in document.RootElement.GetProperty("samples").EnumerateArray())
            {
                var at = started.AddSeconds(sample.GetProperty("seconds").GetInt32());
                var before = raw.Where(r => r.Time <= at).ToList();
                if (before.Count == 0)
                {
                    // The process had not reported its memory yet (other values, such as the server's counts, made the second).
                    Assert.Equal(JsonValueKind.Null, sample.GetProperty("memory_mb").ValueKind);
                    continue;
                }

                Assert.Equal(before.MaxBy(r => r.Time).Value / (1024 * 1024), sample.GetProperty("memory_mb").GetDouble(), Tolerance);
            }
        }
    }

    [Fact]
    public void Summary_figures_are_what_sql_on_the_worker_databases_gives()
    {
        var baselineTotals = new List<double>();
        foreach (var configuration in ReporterTestFolder.Configurations)
        {
            var slots = ReporterSqlFigures.Slots(Folder.PathOf(configuration, "configuration.json"));
            var summary = report.SummaryOf(configuration);
            var totals = new List<double>();
            var means = new List<double>();
            foreach (var repetition in ReporterTestFolder.Repetitions)
            {
                var sql = ReporterSqlFigures.Read(Folder.PathOf(configuration, repetition, "worker", "waitinator-worker.db"));
                var figures = summary.GetProperty("repetitions").EnumerateArray().Single(r => r.GetProperty("repetition").GetString() == repetition).GetProperty("figures");

                Assert.Equal(sql.TaskCount, figures.GetProperty("task_count").GetInt64());
                Assert.Equal(sql.MeanTaskSeconds, figures.GetProperty("mean_task_seconds").GetDouble(), Tolerance);
                Assert.Equal(sql.TotalSeconds, figures.GetProperty("total_seconds").GetDouble(), Tolerance);
                // One slot runs the sleeps back to back, and a slot per task ends with the longest: there the perfect queue's
                // makespan is the bound max(longest sleep, sum / slots) exactly (IdealScheduleTests covers the slots between).
                Assert.Equal(sql.Ideal(slots), figures.GetProperty("ideal_seconds").GetDouble(), Tolerance);
                Assert.Equal(sql.Ideal(slots), figures.GetProperty("lower_bound_seconds").GetDouble(), Tolerance);
                Assert.Equal(sql.TotalSeconds / sql.Ideal(slots), figures.GetProperty("ratio_to_ideal").GetDouble(), Tolerance);
                totals.Add(sql.TotalSeconds);
                means.Add(sql.MeanTaskSeconds);
            }

            var across = summary.GetProperty("across_repetitions");
            Assert.Equal(ReporterSqlFigures.Median(totals), across.GetProperty("total_seconds").GetProperty("median").GetDouble(), Tolerance);
            Assert.Equal(totals.Min(), across.GetProperty("total_seconds").GetProperty("min").GetDouble(), Tolerance);
            Assert.Equal(totals.Max(), across.GetProperty("total_seconds").GetProperty("max").GetDouble(), Tolerance);
            Assert.Equal(ReporterSqlFigures.Median(means), across.GetProperty("mean_task_seconds").GetProperty("median").GetDouble(), Tolerance);
            if (baselineTotals.Count == 0)
            {
                baselineTotals = totals;
            }

            var improvement = (ReporterSqlFigures.Median(totals) / ReporterSqlFigures.Median(baselineTotals) - 1) * 100;
            Assert.Equal(improvement, summary.GetProperty("improvement_percent").GetDouble(), 1e-4);
        }
    }

    [Fact]
    public void Worker_peaks_come_from_the_servers_counts_and_the_telemetry()
    {
        foreach (var configuration in ReporterTestFolder.Configurations)
        {
            foreach (var repetition in report.SummaryOf(configuration).GetProperty("repetitions").EnumerateArray())
            {
                var figures = repetition.GetProperty("figures");
                // One broker connection and one Redis multiplexer (two sockets) per worker process, as the README says.
                Assert.Equal(1, figures.GetProperty("peak_broker_connections").GetDouble());
                Assert.Equal(2, figures.GetProperty("peak_redis_connections").GetDouble());
                Assert.Equal("server", figures.GetProperty("broker_connections_source").GetString());

                var worker = Directory.GetFiles(Folder.ReportPathOf("clean", configuration, repetition.GetProperty("repetition").GetString()!), "worker-*.json").Single();
                Assert.Equal(CleanValues(worker, "memory_mb").Max(), figures.GetProperty("peak_worker_memory_mb").GetDouble(), Tolerance);
                Assert.InRange(figures.GetProperty("peak_worker_memory_mb").GetDouble(), 30, 1000);
            }
        }
    }

    [Fact]
    public void The_markdown_the_html_and_the_terminal_show_each_configurations_total_and_improvement()
    {
        var markdown = File.ReadAllText(Folder.ReportPathOf("report.md"));
        var html = File.ReadAllText(Folder.ReportPathOf("report.html"));
        var baseline = ReporterTestFolder.Repetitions.Select(r => Sql("solo-1", r).TotalSeconds).ToList();
        foreach (var configuration in ReporterTestFolder.Configurations)
        {
            var totals = ReporterTestFolder.Repetitions.Select(r => Sql(configuration, r).TotalSeconds).ToList();
            var median = ReportFormat.Seconds(ReporterSqlFigures.Median(totals));
            var range = $"[{ReportFormat.Seconds(totals.Min())}, {ReportFormat.Seconds(totals.Max())}]";
            var improvement = ReportFormat.Improvement((ReporterSqlFigures.Median(totals) / ReporterSqlFigures.Median(baseline) - 1) * 100);
            var slots = ReporterSqlFigures.Slots(Folder.PathOf(configuration, "configuration.json")).ToString(CultureInfo.InvariantCulture);

            var pool = configuration.Split('-')[0];
            var totalRow = markdown.Split('\n').Single(line => line.StartsWith($"| {configuration} | .NET | {pool} | {slots} | 2 | {median} | {range} |", StringComparison.Ordinal));
            Assert.Contains($"| {improvement} |", totalRow, StringComparison.Ordinal);
            Assert.Contains($"<td>{median}</td><td>{range}</td>", html, StringComparison.Ordinal);
            Assert.Contains(improvement, report.Invocation.Output, StringComparison.Ordinal);
            Assert.Contains(median, report.Invocation.Output, StringComparison.Ordinal);
        }

        Assert.Contains("| solo-1 | .NET | solo | 1 | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("0.0%", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| async-16 \|.*\| -\d+\.\d% \|", markdown);
    }

    [Fact]
    public void Charts_exist_as_non_empty_png_and_svg_per_process_and_for_the_comparisons()
    {
        var charts = new List<string>
        {
            Folder.ReportPathOf("charts", "comparison-total-time"),
            Folder.ReportPathOf("charts", "comparison-peak-memory"),
            Folder.ReportPathOf("charts", "comparison-peak-connections"),
        };
        foreach (var (configuration, repetition) in Repetitions())
        {
            charts.AddRange(Directory.GetFiles(Folder.ReportPathOf("clean", configuration, repetition), "*.json")
                .Select(f => Folder.ReportPathOf("charts", configuration, repetition, Path.GetFileNameWithoutExtension(f))));
        }

        Assert.Equal(3 + (4 * 4), charts.Count);
        foreach (var chart in charts)
        {
            var png = File.ReadAllBytes(chart + ".png");
            Assert.True(png.Length > 5_000, $"{chart}.png has {png.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

            var svg = XDocument.Load(chart + ".svg");
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.True(svg.Descendants().Count() > 50, $"{chart}.svg draws almost nothing");
        }

        var html = File.ReadAllText(Folder.ReportPathOf("report.html"));
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("charts/comparison-total-time.png", File.ReadAllText(Folder.ReportPathOf("report.md")), StringComparison.Ordinal);
    }

    private ReporterSqlFigures Sql(string configuration, string repetition) =>
        ReporterSqlFigures.Read(Folder.PathOf(configuration, repetition, "worker", "waitinator-worker.db"));

    private static IEnumerable<(string Configuration, string Repetition)> Repetitions() =>
        ReporterTestFolder.Configurations.SelectMany(c => ReporterTestFolder.Repetitions.Select(r => (c, r)));

    private static List<double> CleanValues(string cleanFile, string property)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(cleanFile));
        return
        [
            .. document.RootElement.GetProperty("samples").EnumerateArray()
                .Select(s => s.GetProperty(property))
                .Where(v => v.ValueKind == JsonValueKind.Number)
                .Select(v => v.GetDouble()),
        ];
    }

    private static List<(DateTimeOffset Time, double Value)> RawSamples(string jsonl, string metric) =>
    [
        .. File.ReadLines(jsonl)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(sample => sample.GetProperty("metric").GetString() == metric)
            .Select(sample => (sample.GetProperty("timestamp").GetDateTimeOffset(), sample.GetProperty("value").GetDouble())),
    ];
}
