using System.Text.Json;

namespace Waitinator.Tests;

/// <summary>Missing and corrupt files: the reporter names each one, reports the rest, and says by its exit code how it went.</summary>
public sealed class ReporterRobustnessTests
{
    [Fact]
    public void A_corrupt_jsonl_line_a_deleted_worker_database_and_a_garbage_run_json_are_warned_about_and_the_rest_is_reported()
    {
        using var folder = new ReporterTestFolder();
        var telemetry = Directory.GetFiles(folder.PathOf("solo-1", "1", "telemetry"), "worker-*.metrics.jsonl").Single();
        var lines = File.ReadAllLines(telemetry).ToList();
        lines.Insert(10, """{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"wor""");
        File.WriteAllLines(telemetry, lines);
        File.Delete(folder.PathOf("async-16", "2", "worker", "waitinator-worker.db"));
        File.WriteAllText(folder.PathOf("solo-1", "2", "run.json"), "\u0001garbage{{{");

        var outcome = ReporterInvocation.Run(folder.Results);

        Assert.Equal(0, outcome.ExitCode);
        var markdown = File.ReadAllText(folder.ReportPathOf("report.md"));
        var warnings = Warnings(folder);
        Assert.Contains(warnings, w => w.StartsWith(Relative("solo-1", "1", "telemetry", Path.GetFileName(telemetry)), StringComparison.Ordinal) && w.Contains("line 11", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith(Relative("async-16", "2", "worker", "waitinator-worker.db"), StringComparison.Ordinal) && w.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith(Relative("solo-1", "2", "run.json"), StringComparison.Ordinal) && w.Contains("unreadable", StringComparison.Ordinal));
        foreach (var warning in warnings)
        {
            Assert.Contains(warning, markdown, StringComparison.Ordinal);
            Assert.Contains(warning, outcome.Output, StringComparison.Ordinal);
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(folder.ReportPathOf("clean", "summary.json")));
        var async16 = Configuration(summary, "async-16");
        Assert.Equal(2, async16.GetProperty("reported_repetitions").GetInt32());
        Assert.False(Repetition(async16, "2").GetProperty("reported").GetBoolean());
        var asyncTotal = ReporterSqlFigures.Median([.. new[] { "1", "3" }.Select(r => ReporterSqlFigures.Read(folder.PathOf("async-16", r, "worker", "waitinator-worker.db")).TotalSeconds)]);
        Assert.Equal(asyncTotal, async16.GetProperty("across_repetitions").GetProperty("total_seconds").GetProperty("median").GetDouble(), 1e-6);

        // Without its run.json, solo-1/2 still counts: its clock starts at its first task.
        var solo2 = Repetition(Configuration(summary, "solo-1"), "2");
        Assert.True(solo2.GetProperty("reported").GetBoolean());
        Assert.Equal("first task start", solo2.GetProperty("clock_origin_source").GetString());
        Assert.Equal(solo2.GetProperty("first_task_start").GetDateTimeOffset(), solo2.GetProperty("clock_origin").GetDateTimeOffset());
        var soloTotal = ReporterSqlFigures.Read(folder.PathOf("solo-1", "2", "worker", "waitinator-worker.db")).TotalSeconds;
        Assert.Equal(soloTotal, solo2.GetProperty("figures").GetProperty("total_seconds").GetDouble(), 1e-6);

        // The corrupt line is skipped, the rest of that file still makes the worker's clean data and chart.
        var worker = Path.GetFileName(telemetry).Replace(".metrics.jsonl", "", StringComparison.Ordinal);
        Assert.True(File.Exists(folder.ReportPathOf("clean", "solo-1", "1", worker + ".json")));
        Assert.True(File.Exists(folder.ReportPathOf("charts", "solo-1", "1", worker + ".png")));
        Assert.Contains("| solo-1 | .NET | solo | 1 | 3 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| async-16 | .NET | async | 16 | 2 of 3 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_sqlite_files_and_missing_telemetry_leave_nothing_to_report_exit_code_1()
    {
        using var folder = new ReporterTestFolder();
        foreach (var configuration in ReporterTestFolder.Configurations)
        {
            foreach (var repetition in ReporterTestFolder.Repetitions)
            {
                File.WriteAllText(folder.PathOf(configuration, repetition, "worker", "waitinator-worker.db"), "this is not an SQLite database, just text long enough to be read as one....................................");
            }
        }

        Directory.Delete(folder.PathOf("solo-1", "1", "telemetry"), recursive: true);

        var outcome = ReporterInvocation.Run(folder.Results);

        Assert.Equal(1, outcome.ExitCode);
        var warnings = Warnings(folder);
        foreach (var configuration in ReporterTestFolder.Configurations)
        {
            foreach (var repetition in ReporterTestFolder.Repetitions)
            {
                Assert.Contains(warnings, w => w.StartsWith(Relative(configuration, repetition, "worker", "waitinator-worker.db") + ": unreadable", StringComparison.Ordinal));
            }
        }

        Assert.Contains(warnings, w => w.StartsWith(Relative("solo-1", "1", "telemetry") + ": missing", StringComparison.Ordinal));
        Assert.Contains("Not one repetition could be reported", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_producer_report_that_disagrees_with_the_database_by_more_than_a_millisecond_is_a_warning()
    {
        using var folder = new ReporterTestFolder();
        var producer = folder.PathOf("async-16", "1", "producer", "producer-report.json");
        var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(producer))!;
        report["total_seconds"] = report["total_seconds"]!.GetValue<double>() + 0.002;
        File.WriteAllText(producer, report.ToJsonString());

        var outcome = ReporterInvocation.Run(folder.Results);

        Assert.Equal(0, outcome.ExitCode);
        var warning = Assert.Single(Warnings(folder));
        Assert.StartsWith(Relative("async-16", "1", "producer", "producer-report.json"), warning, StringComparison.Ordinal);
        Assert.Contains("total", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_a_results_folder_gives_exit_code_2_and_says_so()
    {
        using var folder = new ReporterTestFolder();
        var elsewhere = Directory.CreateDirectory(Path.Combine(folder.Root, "not-results", "some-folder")).Parent!.FullName;
        File.WriteAllText(Path.Combine(elsewhere, "notes.txt"), "nothing to report");

        var outcome = ReporterInvocation.Run(elsewhere);
        var missing = ReporterInvocation.Run(Path.Combine(folder.Root, "does-not-exist"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"{elsewhere} is not a results folder", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("experiment.json", outcome.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(elsewhere, "report")));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("is not a results folder", missing.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_or_short_repetition_is_left_out_of_the_medians_and_the_ideal_counts_every_configured_slot()
    {
        using var folder = new ReporterTestFolder();
        var run = folder.PathOf("solo-1", "2", "run.json");
        File.WriteAllText(run, File.ReadAllText(run).Replace("\"exit_code\": 0", "\"exit_code\": 1", StringComparison.Ordinal));
        // The producer counts only processes that ran a task; a starved one must not shrink the ideal's slots.
        var producer = folder.PathOf("async-16", "1", "producer", "producer-report.json");
        File.WriteAllText(producer, File.ReadAllText(producer).Replace("\"slots\": 16", "\"slots\": 3", StringComparison.Ordinal));
        // A redelivered task ran twice: still one row, counted once, and said.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={folder.PathOf("async-16", "2", "worker", "waitinator-worker.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE waitinate_tasks SET runs = 2 WHERE rowid IN (SELECT rowid FROM waitinate_tasks LIMIT 2)";
            Assert.Equal(2, command.ExecuteNonQuery());
        }

        var outcome = ReporterInvocation.Run(folder.Results);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains(Warnings(folder), w => w.StartsWith(Relative("solo-1", "2"), StringComparison.Ordinal) && w.Contains("left out", StringComparison.Ordinal));
        Assert.Contains(Warnings(folder), w => w.StartsWith(Relative("async-16", "2", "worker", "waitinator-worker.db"), StringComparison.Ordinal) && w.Contains("2 task(s) ran more than once", StringComparison.Ordinal));
        using var summary = JsonDocument.Parse(File.ReadAllText(folder.ReportPathOf("clean", "summary.json")));
        var solo = Configuration(summary, "solo-1");
        Assert.Equal(2, solo.GetProperty("reported_repetitions").GetInt32());
        var soloTotal = ReporterSqlFigures.Median([.. new[] { "1", "3" }.Select(r => ReporterSqlFigures.Read(folder.PathOf("solo-1", r, "worker", "waitinator-worker.db")).TotalSeconds)]);
        Assert.Equal(soloTotal, solo.GetProperty("across_repetitions").GetProperty("total_seconds").GetProperty("median").GetDouble(), 1e-6);

        var async1 = Repetition(Configuration(summary, "async-16"), "1").GetProperty("figures");
        var expectedIdeal = ReporterSqlFigures.Read(folder.PathOf("async-16", "1", "worker", "waitinator-worker.db")).Ideal(16);
        Assert.Equal(expectedIdeal, async1.GetProperty("ideal_seconds").GetDouble(), 1e-6);
    }

    [Fact]
    public void An_experiments_folder_is_reported_at_its_latest_timestamp_and_output_goes_where_asked()
    {
        using var folder = new ReporterTestFolder();
        var experiment = Path.Combine(folder.Root, "results", "quick");
        ReporterTestFolder.Copy(folder.Results, Path.Combine(experiment, "20261127-234424"));
        ReporterTestFolder.Copy(folder.Results, Path.Combine(experiment, "20261128-001500"));
        Directory.Delete(Path.Combine(experiment, "20261128-001500", "async-16"), recursive: true);
        var output = Path.Combine(folder.Root, "elsewhere");

        var outcome = ReporterInvocation.Run(experiment, "--output", output);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("reporting the latest, 20261128-001500", outcome.Output, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "clean", "summary.json")));
        Assert.EndsWith("20261128-001500", summary.RootElement.GetProperty("results_folder").GetString(), StringComparison.Ordinal);
        // experiment.json still lists async-16, whose folder is gone: a warning, and solo-1 alone is reported.
        Assert.Contains(summary.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("async-16 has no folder", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
        Assert.False(Directory.Exists(Path.Combine(experiment, "20261128-001500", "report")));
    }

    [Fact]
    public void Without_experiment_json_the_configuration_folders_are_reported_the_one_with_fewest_slots_as_baseline()
    {
        using var folder = new ReporterTestFolder();
        File.Delete(folder.PathOf("experiment.json"));

        var outcome = ReporterInvocation.Run(folder.Results);

        Assert.Equal(0, outcome.ExitCode);
        using var summary = JsonDocument.Parse(File.ReadAllText(folder.ReportPathOf("clean", "summary.json")));
        Assert.Equal("solo-1", summary.RootElement.GetProperty("baseline").GetString());
        Assert.Equal(["solo-1", "async-16"], summary.RootElement.GetProperty("configurations").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        var warning = Assert.Single(Warnings(folder));
        Assert.StartsWith("experiment.json: missing", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_recorded_with_the_earlier_json_lines_telemetry_and_no_publish_times_are_still_reported()
    {
        using var folder = new ReporterTestFolder(ReporterTestFolder.JsonLines);

        var outcome = ReporterInvocation.Run(folder.Results);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(Warnings(folder));
        using var summary = JsonDocument.Parse(File.ReadAllText(folder.ReportPathOf("clean", "summary.json")));
        foreach (var name in ReporterTestFolder.Configurations)
        {
            var configuration = Configuration(summary, name);
            Assert.Equal(2, configuration.GetProperty("reported_repetitions").GetInt32());
            // The worker databases predate published_at: durations have percentiles, queue waits none.
            Assert.Equal(20, configuration.GetProperty("task_seconds_percentiles").GetProperty("count").GetInt32());
            Assert.Equal(JsonValueKind.Null, configuration.GetProperty("queue_wait_seconds_percentiles").ValueKind);
            foreach (var repetition in configuration.GetProperty("repetitions").EnumerateArray())
            {
                Assert.InRange(repetition.GetProperty("figures").GetProperty("peak_worker_memory_mb").GetDouble(), 30, 1000);
            }
        }

        // 2 runs a side: the interval's coverage is too low to call a difference either way.
        Assert.Equal("too few repetitions", Configuration(summary, "async-16").GetProperty("comparison").GetProperty("verdict").GetString());
        Assert.False(Directory.Exists(folder.ReportPathOf("dashboard")));
    }

    [Fact]
    public void The_help_names_the_folders_it_accepts()
    {
        var help = new StringWriter();
        var result = Waitinator.Reporter.ReporterCommand.Create().Parse("--help").Invoke(new System.CommandLine.InvocationConfiguration { Output = help });

        Assert.Equal(0, result);
        Assert.Contains("results/EXPERIMENT/TIMESTAMP", help.ToString(), StringComparison.Ordinal);
        Assert.Contains("latest", help.ToString(), StringComparison.Ordinal);
        Assert.Contains("--output", help.ToString(), StringComparison.Ordinal);
    }

    private static string Relative(params string[] parts) => Path.Combine(parts);

    private static List<string> Warnings(ReporterTestFolder folder)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(folder.ReportPathOf("clean", "summary.json")));
        return [.. summary.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!)];
    }

    private static JsonElement Configuration(JsonDocument summary, string name) =>
        summary.RootElement.GetProperty("configurations").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static JsonElement Repetition(JsonElement configuration, string name) =>
        configuration.GetProperty("repetitions").EnumerateArray().Single(r => r.GetProperty("repetition").GetString() == name);
}
