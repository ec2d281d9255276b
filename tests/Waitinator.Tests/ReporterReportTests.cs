using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Waitinator.Otlp;
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
    public void Clean_json_holds_one_file_per_recorded_process_and_per_process_the_monitor_sampled()
    {
        foreach (var (configuration, repetition) in Repetitions())
        {
            var telemetry = Folder.PathOf(configuration, repetition, "telemetry");
            var recorded = Directory.GetFiles(telemetry, "*.metrics.jsonl").Select(f => Path.GetFileName(f)[..^".metrics.jsonl".Length]).ToList();
            // The monitor samples the servers' processes from /proc: each is a process of its own in the clean data.
            var sampled = Directory.GetFiles(telemetry, "monitor-*.metrics.jsonl").SelectMany(Lab.TelemetryFiles.MetricsOf)
                .Where(s => s.Attribute("waitinator.resource") is not null && s.Attribute("process.pid") is not null)
                .Select(s => $"{s.Attribute("waitinator.resource")}-{s.Attribute("process.pid")}");
            var clean = Directory.GetFiles(Folder.ReportPathOf("clean", configuration, repetition), "*.json")
                .Select(f => Path.GetFileNameWithoutExtension(f)).Order().ToList();

            Assert.Equal(4, recorded.Count); // api, monitor, producer-CONFIGURATION, worker-CONFIGURATION
            Assert.Equal(recorded.Union(sampled).Order(), clean);
            Assert.Contains(clean, name => name.StartsWith($"worker-{configuration}-", StringComparison.Ordinal));
            Assert.Contains(clean, name => name.StartsWith("broker-", StringComparison.Ordinal));
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
                // The recording machine's cores, as each .NET process reports them (the servers' processes have no file of their own).
                var cores = Directory.GetFiles(telemetry, "*.metrics.jsonl").SelectMany(f => RawSamples(f, "dotnet.process.cpu.count")).First().Value;
                var utilisation = CleanValues(file, "cpu_utilization");

                // A server process the monitor first saw within a second of the tasks' end has no rate yet: only the lab's own must have one.
                if (File.Exists(Path.Combine(telemetry, process + ".metrics.jsonl")))
                {
                    Assert.NotEmpty(utilisation);
                }

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
            var totalRow = markdown.Split('\n').Single(line => line.StartsWith($"| {configuration} | .NET | {pool} | {slots} | 3 | {median} | {range} |", StringComparison.Ordinal));
            Assert.Contains($"| {improvement} |", totalRow, StringComparison.Ordinal);
            Assert.Contains($"<td>{median}</td><td>{range}</td>", html, StringComparison.Ordinal);
            Assert.Contains(improvement, report.Invocation.Output, StringComparison.Ordinal);
            Assert.Contains(median, report.Invocation.Output, StringComparison.Ordinal);
        }

        Assert.Contains("| solo-1 | .NET | solo | 1 | 3 |", markdown, StringComparison.Ordinal);
        Assert.Contains("0.0%", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| async-16 \|.*\| -\d+\.\d% \|", markdown);
    }

    [Fact]
    public void Task_duration_and_queue_wait_percentiles_are_what_sql_on_every_task_of_the_repetitions_gives()
    {
        var markdown = File.ReadAllLines(Folder.ReportPathOf("report.md"));
        foreach (var configuration in ReporterTestFolder.Configurations)
        {
            var tasks = ReporterTestFolder.Repetitions.SelectMany(r => ReporterSqlFigures.Tasks(Folder.PathOf(configuration, r, "worker", "waitinator-worker.db"))).ToList();
            var durations = tasks.Select(t => t.Seconds).ToList();
            var waits = tasks.Select(t => t.QueueWaitSeconds!.Value).ToList();
            var summary = report.SummaryOf(configuration);
            foreach (var (property, values) in new[] { ("task_seconds_percentiles", durations), ("queue_wait_seconds_percentiles", waits) })
            {
                var percentiles = summary.GetProperty(property);
                Assert.Equal(tasks.Count, percentiles.GetProperty("count").GetInt32());
                Assert.Equal(ReporterSqlFigures.Percentile(values, 0.50), percentiles.GetProperty("p50").GetDouble(), 1e-5);
                Assert.Equal(ReporterSqlFigures.Percentile(values, 0.95), percentiles.GetProperty("p95").GetDouble(), 1e-5);
                Assert.Equal(ReporterSqlFigures.Percentile(values, 0.99), percentiles.GetProperty("p99").GetDouble(), 1e-5);
            }

            // The percentiles table: tasks, then duration and queue wait p50, p95, p99.
            var expected = string.Join(" | ", new[] { durations, waits }.SelectMany(v => new[] { 0.50, 0.95, 0.99 }.Select(p => ReportFormat.Seconds(ReporterSqlFigures.Percentile(v, p)))));
            Assert.Contains(markdown, line => line.StartsWith($"| {configuration} | .NET | {configuration.Split('-')[0]} | {tasks.Count} | {expected} |", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_configuration_is_compared_with_the_baseline_by_the_ratios_of_its_runs_totals_to_the_baseline_runs_totals()
    {
        var totals = ReporterTestFolder.Configurations.ToDictionary(c => c, c => ReporterTestFolder.Repetitions.Select(r => Sql(c, r).TotalSeconds).ToList());
        var ratios = (from b in totals["solo-1"] from c in totals["async-16"] select c / b).Order().ToList();
        var comparison = report.SummaryOf("async-16").GetProperty("comparison");

        // 3 runs against 3: the interval is [smallest, largest] of the 9 ratios, at 90%; every async-16 run beat every solo-1 run.
        Assert.Equal(ratios[0], comparison.GetProperty("lower_ratio").GetDouble(), Tolerance);
        Assert.Equal(ratios[^1], comparison.GetProperty("upper_ratio").GetDouble(), Tolerance);
        Assert.Equal(0.90, comparison.GetProperty("coverage").GetDouble(), Tolerance);
        Assert.All(ratios, r => Assert.True(r < 1));
        Assert.Equal("faster", comparison.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, report.SummaryOf("solo-1").GetProperty("comparison").ValueKind);

        var interval = $"[{ReportFormat.Improvement((ratios[0] - 1) * 100)}, {ReportFormat.Improvement((ratios[^1] - 1) * 100)}] 90%";
        var markdown = File.ReadAllText(Folder.ReportPathOf("report.md"));
        Assert.Matches($@"\| async-16 \|.*\| -\d+\.\d% \| {System.Text.RegularExpressions.Regex.Escape(interval)} \| faster \|", markdown);
        Assert.Matches(@"\| solo-1 \|.*\| 0\.0% \| - \| baseline \|", markdown);
        Assert.Contains($"Fastest: async-16 (.NET async 16, prefetch 1, Early acks): total {ReportFormat.Seconds(ReporterSqlFigures.Median(totals["async-16"]))} s "
            + $"({ReportFormat.Improvement(report.SummaryOf("async-16").GetProperty("improvement_percent").GetDouble())} on the baseline, faster: {interval})",
            report.Invocation.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Repetitions_csv_holds_a_row_per_repetition_with_the_figures_sql_gives()
    {
        var lines = File.ReadAllLines(Folder.ReportPathOf("clean", "repetitions.csv"));
        var header = lines[0].Split(',');
        var rows = lines[1..].Select(line => header.Zip(line.Split(',')).ToDictionary(c => c.First, c => c.Second)).ToList();

        Assert.Equal(Repetitions().ToList(), rows.Select(r => (r["configuration"], r["repetition"])));
        foreach (var row in rows)
        {
            var database = Folder.PathOf(row["configuration"], row["repetition"], "worker", "waitinator-worker.db");
            var sql = ReporterSqlFigures.Read(database);
            var durations = ReporterSqlFigures.Tasks(database).Select(t => t.Seconds).ToList();
            Assert.Equal("small", row["experiment"]);
            Assert.Equal("true", row["reported"]);
            Assert.Equal(sql.TaskCount.ToString(CultureInfo.InvariantCulture), row["task_count"]);
            Assert.Equal(sql.TotalSeconds, double.Parse(row["total_seconds"], CultureInfo.InvariantCulture), Tolerance);
            Assert.Equal(sql.MeanTaskSeconds, double.Parse(row["mean_task_seconds"], CultureInfo.InvariantCulture), Tolerance);
            Assert.Equal(ReporterSqlFigures.Percentile(durations, 0.95), double.Parse(row["task_p95_seconds"], CultureInfo.InvariantCulture), 1e-5);
            Assert.InRange(double.Parse(row["peak_worker_memory_mb"], CultureInfo.InvariantCulture), 30, 1000);
        }
    }

    [Fact]
    public void Each_repetitions_telemetry_is_zipped_for_the_dashboards_import_as_one_otlp_json_document_per_file()
    {
        foreach (var (configuration, repetition) in Repetitions())
        {
            var telemetry = Folder.PathOf(configuration, repetition, "telemetry");
            using var zip = ZipFile.OpenRead(Folder.ReportPathOf("dashboard", $"{configuration}-{repetition}.zip"));

            // SERVICE-PID.spans.jsonl becomes SERVICE-PID.spans.json, and so on: every file, none left out.
            Assert.Equal(Directory.GetFiles(telemetry).Select(f => Path.GetFileName(f)[..^1]).Order(), zip.Entries.Select(e => e.Name).Order());
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var document = reader.ReadToEnd();
                var lines = Lab.TelemetryFiles.Lines(telemetry, entry.Name + "l").ToList();
                Assert.DoesNotContain("\n", document, StringComparison.Ordinal);
                var (merged, recorded) = OtlpSignal.OfFile(entry.Name + "l")!.Name switch
                {
                    "traces" => (OtlpJson.Parse<ExportTraceServiceRequest>(document, strict: true).ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)),
                        lines.Sum(l => OtlpJson.Parse<ExportTraceServiceRequest>(l).ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)))),
                    "metrics" => (OtlpJson.Parse<ExportMetricsServiceRequest>(document, strict: true).ResourceMetrics.Sum(r => r.ScopeMetrics.Sum(s => s.Metrics.Count)),
                        lines.Sum(l => OtlpJson.Parse<ExportMetricsServiceRequest>(l).ResourceMetrics.Sum(r => r.ScopeMetrics.Sum(s => s.Metrics.Count)))),
                    _ => (OtlpJson.Parse<ExportLogsServiceRequest>(document, strict: true).ResourceLogs.Sum(r => r.ScopeLogs.Sum(s => s.LogRecords.Count)),
                        lines.Sum(l => OtlpJson.Parse<ExportLogsServiceRequest>(l).ResourceLogs.Sum(r => r.ScopeLogs.Sum(s => s.LogRecords.Count)))),
                };
                Assert.True(merged > 0, $"{entry.Name} is empty");
                Assert.Equal(recorded, merged);
            }
        }
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

    private static List<(DateTimeOffset Time, double Value)> RawSamples(string metricsFile, string metric) =>
        [.. Lab.TelemetryFiles.MetricsOf(metricsFile).Where(sample => sample.Metric == metric).Select(sample => (sample.Timestamp, sample.Value))];
}
