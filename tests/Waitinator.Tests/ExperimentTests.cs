using System.Globalization;
using System.Text.Json;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The README's main job as a user runs it: the AppHost, headless, runs the `quick` experiment on real servers, exits 0
/// and leaves the evidence and a report whose figures the tests recompute from the worker databases.
/// </summary>
[Collection(WholeLabCollection.Name)]
public sealed class ExperimentTests(QuickExperiment quick) : IClassFixture<QuickExperiment>
{
    private static readonly string[] Configurations = ["solo-1", "process-4", "async-16", "celery-prefork-4"];

    [Fact]
    public void The_quick_experiment_exits_0_and_prints_the_report()
    {
        Assert.True(quick.ExitCode == 0, $"The AppHost exited with {quick.ExitCode}. Output:\n{quick.Output}");
        // The figures as a table at the end, and where the whole report is.
        Assert.Contains("quick: medians over the repetitions", quick.Output, StringComparison.Ordinal);
        Assert.Matches(@"│ async-16 +│ +\d+\.\d{3} │", quick.Output);
        Assert.Contains("report/report.html", quick.Output, StringComparison.Ordinal);
        Assert.Contains("[8/8] celery-prefork-4, repetition 2/2: starting", quick.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_passwords_appear_in_no_log_result_or_exported_sample()
    {
        // The servers' own configuration files hold the passwords the AppHost generated for this start (mode 0600).
        var configurations = Directory.GetFiles(quick.Runs, "*.conf", SearchOption.AllDirectories);
        var passwords = configurations.SelectMany(File.ReadLines)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("default_pass", StringComparison.Ordinal) || line.StartsWith("requirepass", StringComparison.Ordinal))
            .Select(line => line.Split(['=', ' '], StringSplitOptions.RemoveEmptyEntries)[^1])
            .Distinct()
            .ToList();
        Assert.Equal(2, passwords.Count);
        Assert.All(passwords, password => Assert.True(password.Length >= 16, "A generated password is short."));
        Assert.All(passwords, password => Assert.DoesNotContain("guest", password, StringComparison.OrdinalIgnoreCase));

        // Everything else the run left (its console output, every result, report, database, telemetry and server log) is clean.
        var files = Directory.GetFiles(quick.Results, "*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(quick.Runs, "*", SearchOption.AllDirectories).Where(file => !configurations.Contains(file)))
            .ToList();
        Assert.True(files.Count > 20, $"Only {files.Count} files to check.");
        foreach (var password in passwords)
        {
            Assert.DoesNotContain(password, quick.Output, StringComparison.Ordinal);
            var bytes = System.Text.Encoding.UTF8.GetBytes(password);
            foreach (var file in files)
            {
                Assert.False(ReadIfPresent(file).AsSpan().IndexOf(bytes) >= 0, $"{file} holds a server password.");
            }
        }
    }

    /// <summary>
    /// A RabbitMQ node may still be removing its pid file a moment after the AppHost exits; a file that is gone holds no password.
    /// </summary>
    private static byte[] ReadIfPresent(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    [Fact]
    public void Every_repetition_keeps_its_databases_report_and_telemetry()
    {
        foreach (var configuration in Configurations)
        {
            Assert.True(File.Exists(Path.Combine(quick.Results, configuration, "configuration.json")), $"{configuration} has no configuration.json.");
            foreach (var repetition in new[] { "1", "2" })
            {
                var folder = Path.Combine(quick.Results, configuration, repetition);
                Assert.True(File.Exists(Path.Combine(folder, "api", "waitinator-api.db")), $"{folder} lacks the Api database.");
                Assert.True(File.Exists(Path.Combine(folder, "producer", "producer-report.json")), $"{folder} lacks the producer's report.");
                // Each repetition's own rows, no more: the Api and the workers stopped before their files moved. Delivery
                // is at least once, so a task may run twice (the worker counts its runs); each run is one Api request.
                var worker = Path.Combine(folder, "worker", "waitinator-worker.db");
                var tasks = ReporterSqlFigures.Read(worker).TaskCount;
                var runs = WorkerRuns(worker);
                var requests = ApiRequestSummary.Read(Path.Combine(folder, "api", "waitinator-api.db")).Requests;
                Assert.True(tasks == 10 && requests == runs, $"{folder}: {tasks} tasks run {runs} times, {requests} Api requests. Output:\n{quick.Output}");
                using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "run.json")));
                Assert.Equal(0, run.RootElement.GetProperty("exit_code").GetInt32());
                var telemetry = Directory.GetFiles(Path.Combine(folder, "telemetry"), "*.metrics.jsonl").Select(Path.GetFileName).ToList();
                if (!configuration.StartsWith("celery-", StringComparison.Ordinal))
                {
                    // A Celery worker exports nothing itself: the monitor samples it (CeleryEngineTests).
                    Assert.Contains(telemetry, f => f!.StartsWith($"worker-{configuration}-", StringComparison.Ordinal));
                }

                Assert.Contains(telemetry, f => f!.StartsWith($"producer-{configuration}-", StringComparison.Ordinal));
                Assert.Contains(telemetry, f => f!.StartsWith("api-", StringComparison.Ordinal));
                Assert.Contains(telemetry, f => f!.StartsWith("monitor-", StringComparison.Ordinal));
            }
        }

        // A process worker of 4 is a supervisor and 4 children, each with its own samples.
        var processFiles = Directory.GetFiles(Path.Combine(quick.Results, "process-4", "1", "telemetry"), "worker-process-4-*.metrics.jsonl");
        Assert.Equal(5, processFiles.Length);
        Assert.False(Directory.Exists(Path.Combine(quick.Results, ".staging")), "The staging folder was left behind.");
        Assert.False(Directory.Exists(quick.Stray), "A configured Api, Worker or Producer path took evidence out of the experiment's folders.");
    }

    [Fact]
    public void Every_total_and_average_in_the_report_is_backed_by_the_worker_databases()
    {
        var lines = File.ReadAllLines(Path.Combine(quick.Results, "report", "report.md"));
        var totals = new Dictionary<string, double>();
        foreach (var configuration in Configurations)
        {
            var figures = new[] { "1", "2" }
                .Select(r => ReporterSqlFigures.Read(Path.Combine(quick.Results, configuration, r, "worker", "waitinator-worker.db")))
                .ToList();
            var slots = ReporterSqlFigures.Slots(Path.Combine(quick.Results, configuration, "configuration.json"));
            var total = ReporterSqlFigures.Median([.. figures.Select(f => f.TotalSeconds)]);
            var average = ReporterSqlFigures.Median([.. figures.Select(f => f.MeanTaskSeconds)]);
            totals[configuration] = total;

            // Rows of the total-time and average-time tables: configuration, engine, pool, slots, repetitions, median, [min, max].
            var (engine, pool) = configuration.StartsWith("celery-", StringComparison.Ordinal) ? ("Celery", "prefork") : (".NET", configuration.Split('-')[0]);
            var totalRow = $"| {configuration} | {engine} | {pool} | {slots} | 2 | {F3(total)} | [{F3(figures.Min(f => f.TotalSeconds))}, {F3(figures.Max(f => f.TotalSeconds))}] |";
            Assert.Contains(lines, line => line.StartsWith(totalRow, StringComparison.Ordinal));
            var averageRow = $"| {slots} | 2 | {F3(average)} | [{F3(figures.Min(f => f.MeanTaskSeconds))}, {F3(figures.Max(f => f.MeanTaskSeconds))}] |";
            Assert.Contains(lines, line => line.StartsWith($"| {configuration} |", StringComparison.Ordinal) && line.EndsWith(averageRow, StringComparison.Ordinal));
            for (var i = 0; i < figures.Count; i++)
            {
                var repetitionRow = $"| {configuration} | {i + 1} | 10 | {F3(figures[i].MeanTaskSeconds)} | {F3(figures[i].TotalSeconds)} |";
                Assert.Contains(lines, line => line.StartsWith(repetitionRow, StringComparison.Ordinal));
            }
        }

        // The original investigation's shape: more concurrency, shorter total.
        Assert.True(totals["async-16"] < totals["process-4"] && totals["process-4"] < totals["solo-1"], string.Join(", ", totals));
        var improvement = (totals["async-16"] - totals["solo-1"]) / totals["solo-1"] * 100;
        Assert.Contains(lines, line => line.StartsWith("| async-16 |", StringComparison.Ordinal) && line.Contains($"| {improvement.ToString("F1", CultureInfo.InvariantCulture)}% |", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(quick.Results, "report", "charts", "comparison-total-time.png")));
        Assert.True(File.Exists(Path.Combine(quick.Results, "report", "report.html")));
    }

    private static long WorkerRuns(string database)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT SUM(runs) FROM waitinate_tasks";
        return (long)command.ExecuteScalar()!;
    }

    private static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
