using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The original question asked of the original system: an experiment with Celery's prefork and gevent pools beside the
/// .NET async model runs end to end through the AppHost, real Celery workers of Debian's Celery doing the tasks, and the
/// report treats both engines alike: figures from the databases, a chart and clean data per Celery process, and the
/// servers' connection counts attributed to Celery's processes.
/// </summary>
[Collection(WholeLabCollection.Name)]
public sealed class CeleryEngineTests(CeleryEnginesExperiment lab) : IClassFixture<CeleryEnginesExperiment>
{
    private static readonly (string Name, string Engine, string Pool, int Slots)[] Configurations =
    [
        ("celery-prefork-2", "Celery", "prefork", 2),
        ("celery-gevent-4", "Celery", "gevent", 4),
        ("async-4", ".NET", "async", 4),
    ];

    [Fact]
    public void Both_engines_run_the_original_chords_and_the_report_recomputes_from_their_databases()
    {
        Assert.True(lab.ExitCode == 0, $"The AppHost exited with {lab.ExitCode}. Output:\n{lab.Output}");
        var report = File.ReadAllLines(Path.Combine(lab.Results, "report", "report.md"));
        foreach (var (name, engine, pool, slots) in Configurations)
        {
            var database = Path.Combine(lab.Results, name, "1", "worker", "waitinator-worker.db");
            var figures = ReporterSqlFigures.Read(database);
            Assert.Equal(10, figures.TaskCount);
            Assert.Equal(engine == "Celery" ? $"celery-{pool}" : pool, Assert.Single(Column(database, "pool")));
            Assert.Contains(report, line => line.StartsWith($"| {name} | {engine} | {pool} | {slots} | 1 | {F3(figures.TotalSeconds)} |", StringComparison.Ordinal));
            Assert.Contains(report, line => line.StartsWith($"| {name} | 1 | 10 | {F3(figures.MeanTaskSeconds)} | {F3(figures.TotalSeconds)} |", StringComparison.Ordinal));
            // Each chord's summary was recorded by the engine's own callback.
            Assert.Equal(2, Column(database, "task_id", "summaries").Count);
        }

        Assert.Contains("## Sweet spot", report);
    }

    [Fact]
    public void Every_Celery_process_has_its_chart_and_clean_data_with_its_memory()
    {
        foreach (var name in new[] { "celery-prefork-2", "celery-gevent-4" })
        {
            var processes = MonitorProcesses(name);
            // The processes that ran tasks, as the tasks recorded them: prefork's children, gevent's one process.
            var ranTasks = Column(Path.Combine(lab.Results, name, "1", "worker", "waitinator-worker.db"), "pid").Select(int.Parse).ToHashSet();
            Assert.NotEmpty(ranTasks);
            Assert.Subset(processes.Keys.ToHashSet(), ranTasks);
            if (name == "celery-prefork-2")
            {
                // The parent and its two children: the children's parent is the worker's main process.
                var parents = ranTasks.Select(pid => processes[pid].Parent).Distinct().ToList();
                var parent = Assert.Single(parents);
                Assert.True(processes.ContainsKey(parent), $"The prefork parent {parent} was not sampled.");
                ranTasks.Add(parent);
            }

            foreach (var pid in ranTasks)
            {
                var process = $"worker-{name}-{pid}";
                Assert.True(File.Exists(Path.Combine(lab.Results, "report", "charts", name, "1", process + ".png")), $"No chart for {process}.");
                using var clean = JsonDocument.Parse(File.ReadAllText(Path.Combine(lab.Results, "report", "clean", name, "1", process + ".json")));
                var memory = clean.RootElement.GetProperty("samples").EnumerateArray()
                    .Select(s => s.GetProperty("memory_mb")).Where(m => m.ValueKind == JsonValueKind.Number).Select(m => m.GetDouble()).ToList();
                Assert.True(memory.Count > 0 && memory.All(m => m > 1), $"{process}: memory samples {string.Join(", ", memory)}");
            }
        }
    }

    [Fact]
    public void The_servers_connection_counts_of_Celery_workers_are_attributed_to_Celery_processes()
    {
        foreach (var name in new[] { "celery-prefork-2", "celery-gevent-4" })
        {
            var processes = MonitorProcesses(name);
            var connections = ServerConnections(name);
            foreach (var server in new[] { "rabbitmq", "redis" })
            {
                var clients = connections.Where(c => c.Server == server && c.Count > 0).Select(c => c.Client).Distinct().ToList();
                Assert.True(clients.Count > 0, $"{name}: {server} counted no connection of a Celery process.");
                foreach (var client in clients)
                {
                    var pid = int.Parse(client[(client.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
                    Assert.True(processes.TryGetValue(pid, out var process) && process.Executable.StartsWith("python", StringComparison.Ordinal),
                        $"{name}: {server}'s client {client} is not a Celery process of this worker ({string.Join(", ", processes.Select(p => $"{p.Key} {p.Value.Executable}"))}).");
                }
            }
        }

        var report = File.ReadAllLines(Path.Combine(lab.Results, "report", "report.md"));
        Assert.Contains(report, line => line.StartsWith("| celery-prefork-2 | 1 | 10 |", StringComparison.Ordinal) && line.Contains("(server) |", StringComparison.Ordinal));
    }

    /// <summary>The lab processes of a configuration's worker the monitor sampled: pid to parent and program.</summary>
    private Dictionary<int, (int Parent, string Executable)> MonitorProcesses(string configuration)
    {
        var processes = new Dictionary<int, (int, string)>();
        foreach (var sample in MonitorSamples(configuration, "process.memory.usage"))
        {
            if (sample.Attribute("waitinator.resource") == $"worker-{configuration}")
            {
                processes[int.Parse(sample.Attributes["process.pid"], CultureInfo.InvariantCulture)] =
                    (int.Parse(sample.Attributes["process.parent_pid"], CultureInfo.InvariantCulture), sample.Attributes["process.executable.name"]);
            }
        }

        return processes;
    }

    private List<(string Server, string Client, double Count)> ServerConnections(string configuration) =>
    [
        .. MonitorSamples(configuration, "waitinator.server.connections")
            .Select(s => (s.Attributes["server.type"], s.Attributes["waitinator.client"], s.Value))
            .Where(c => c.Item2.StartsWith($"worker-{configuration}-", StringComparison.Ordinal)),
    ];

    private IEnumerable<MetricSample> MonitorSamples(string configuration, string metric)
    {
        var file = Assert.Single(Directory.GetFiles(Path.Combine(lab.Results, configuration, "1", "telemetry"), "monitor-*.metrics.jsonl"));
        return TelemetryFiles.MetricsOf(file).Where(sample => sample.Metric == metric);
    }

    private static List<string> Column(string database, string column, string table = "waitinate_tasks")
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT {column} FROM {table}";
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
