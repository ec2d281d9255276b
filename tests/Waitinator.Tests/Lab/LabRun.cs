using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Waitinator.Contracts;
using Waitinator.LocalLab;

namespace Waitinator.Tests.Lab;

/// <summary>
/// One experiment against the shared servers: the real Api on Kestrel, worker and producer as real processes of
/// this solution, each test with its own folder for the SQLite files and the report.
/// </summary>
internal sealed class LabRun : IAsyncDisposable
{
    private readonly LabServers _servers;
    private readonly List<ChildProcess> _workers = [];

    private LabRun(LabServers servers, ApiServer api, string folder)
    {
        _servers = servers;
        Api = api;
        Folder = folder;
    }

    public ApiServer Api { get; }

    public string Folder { get; }

    public string WorkerDatabase => Path.Combine(Folder, "worker.db");

    public IReadOnlyList<ChildProcess> Workers => _workers;

    /// <summary>The Api sleeps 180-210 s times <paramref name="timeScale"/>, seeded so that runs repeat.</summary>
    public static async Task<LabRun> StartAsync(LabServers servers, double timeScale, double apiFailureRate = 0)
    {
        await servers.ResetAsync();
        var api = await ApiServer.StartAsync(new Dictionary<string, string?>
        {
            ["Api:MinSleepSeconds"] = "180",
            ["Api:MaxSleepSeconds"] = "210",
            ["Api:TimeScale"] = timeScale.ToString(CultureInfo.InvariantCulture),
            ["Api:Seed"] = "7",
            ["Api:FailureRate"] = apiFailureRate.ToString(CultureInfo.InvariantCulture),
        });
        return new LabRun(servers, api, Directory.CreateTempSubdirectory("waitinator-run-").FullName);
    }

    public Dictionary<string, string> ServiceEnvironment() => new()
    {
        ["ConnectionStrings__broker"] = _servers.BrokerConnectionString,
        ["ConnectionStrings__backend"] = _servers.BackendConnectionString,
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    /// <summary>Starts a .NET worker and waits until it is consuming (in the process model, once its children are warm).</summary>
    public async Task<ChildProcess> StartWorkerAsync(
        string model, int concurrency, string acks = "Early", int prefetchMultiplier = 1, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = ServiceEnvironment();

        environment["Worker__ExecutionModel"] = model;
        environment["Worker__Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture);
        environment["Worker__Acks"] = acks;
        environment["Worker__PrefetchMultiplier"] = prefetchMultiplier.ToString(CultureInfo.InvariantCulture);
        environment["ApiClient__BaseAddress"] = Api.Client.BaseAddress!.ToString();
        environment["TaskRecords__DatabasePath"] = WorkerDatabase;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value; // The test's own settings win.
        }

        var worker = LabPrograms.StartDotnet("Waitinator.Worker", environment);
        _workers.Add(worker);
        await WaitForOutputAsync(worker, " consuming: model ", 1, TimeSpan.FromMinutes(2));
        return worker;
    }

    /// <summary>A Python Celery worker from Debian's python3-celery, running the lab's tasks in tests/celery.</summary>
    public ChildProcess StartCeleryWorker(string pool, int concurrency)
    {
        var worker = ChildProcess.Start(
            "/usr/bin/python3",
            ["-m", "celery", "-A", "waitinator_celery", "worker", "-Q", "waitinate,summarize", "-P", pool, "-c", concurrency.ToString(CultureInfo.InvariantCulture),
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info", "-n", $"celery-{Guid.NewGuid():N}@%h"],
            CeleryEnvironment(pool, concurrency),
            Repository.CeleryApp);
        _workers.Add(worker);
        return worker;
    }

    private static async Task WaitForOutputAsync(ChildProcess process, string text, int times, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (CountOf(process.Output, text) < times)
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' did not appear {times} times within {timeout}. Output:\n{process.Output}");
            await Task.Delay(100);
        }
    }

    private static int CountOf(string output, string text)
    {
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public Dictionary<string, string> CeleryEnvironment(string pool = "prefork", int concurrency = 1) => new()
    {
        ["WAITINATOR_BROKER_URL"] = _servers.CeleryBrokerUrl,
        ["WAITINATOR_BACKEND_URL"] = _servers.CeleryBackendUrl,
        ["WAITINATOR_API_URL"] = Api.Client.BaseAddress!.ToString(),
        ["WAITINATOR_POOL"] = pool,
        ["WAITINATOR_CONCURRENCY"] = concurrency.ToString(CultureInfo.InvariantCulture),
        ["PYTHONPATH"] = Repository.CeleryApp,
    };

    /// <summary>Runs the producer to the end and reads its report; fails with its output if it fails.</summary>
    public async Task<ExperimentReport> RunProducerAsync(TimeSpan timeout, params int[] chordSizes)
    {
        var report = Path.Combine(Folder, "report.json");
        var (exitCode, output) = await RunProducerToEndAsync(timeout, chordSizes);
        Assert.True(exitCode == 0, $"The producer exited with {exitCode}. Its output:\n{output}\nWorkers' output:\n{string.Join("\n----\n", _workers.Select(w => w.Output))}");
        await using var file = File.OpenRead(report);
        return await JsonSerializer.DeserializeAsync<ExperimentReport>(file) ?? throw new InvalidOperationException("Empty report.");
    }

    /// <summary>Runs the producer until it exits, however it ends: its exit code and output.</summary>
    public Task<(int ExitCode, string Output)> RunProducerToEndAsync(TimeSpan timeout, params int[] chordSizes) =>
        RunProducerToEndAsync(timeout, chordSizes, Path.Combine(Folder, "report.json"));

    /// <summary>Runs the producer, writing its report to <paramref name="reportPath"/>, until it exits: its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunProducerToEndAsync(TimeSpan timeout, int[] chordSizes, string reportPath)
    {
        var environment = ServiceEnvironment();
        environment["Producer__ReportPath"] = reportPath;
        environment["Producer__Timeout"] = timeout.ToString("c", CultureInfo.InvariantCulture);
        for (var i = 0; i < chordSizes.Length; i++)
        {
            environment[$"Producer__ChordSizes__{i}"] = chordSizes[i].ToString(CultureInfo.InvariantCulture);
        }

        await using var producer = LabPrograms.StartDotnet("Waitinator.Producer", environment);
        var exitCode = await producer.WaitForExitAsync(timeout + TimeSpan.FromSeconds(30));
        return (exitCode, producer.Output);
    }

    /// <summary>task id to the number of times it ran, from the worker's SQLite file.</summary>
    public Dictionary<string, long> RecordedRuns(string table)
    {
        using var connection = new SqliteConnection($"Data Source={WorkerDatabase};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT task_id, runs FROM {table}";
        using var reader = command.ExecuteReader();
        var runs = new Dictionary<string, long>();
        while (reader.Read())
        {
            runs.Add(reader.GetString(0), reader.GetInt64(1));
        }

        return runs;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await Api.DisposeAsync();
    }
}
