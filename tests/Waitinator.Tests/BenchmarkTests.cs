using System.Text.Json;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The engine benchmark, small, against real servers: each engine's runs complete and report what a user reads in the
/// tables (tasks done, total against ideal, connections, memory). How fast is the benchmark's own business, not a test's.
/// </summary>
[Collection(LabServersCollection.Name)]
public sealed class BenchmarkTests(LabServers servers)
{
    [Fact]
    public async Task Wide_runs_every_dotnet_model_and_reports_one_broker_and_two_redis_connections_per_worker()
    {
        var (exitCode, runs, tables, output) = await RunAsync("wide", "--wide-tasks", "30", "--only", "dotnet", "--dotnet-only");

        Assert.True(exitCode == 0, output);
        Assert.Equal(["dotnet async-30", "dotnet threads-30", "dotnet process-16"], runs.Select(r => r.GetProperty("contender").GetString()));
        foreach (var run in runs)
        {
            Assert.True(run.GetProperty("error").ValueKind == JsonValueKind.Null, run.ToString());
            // Total is measured from the tasks' own start and end times; no engine beats the longest sleep.
            Assert.True(run.GetProperty("total_seconds").GetDouble() >= run.GetProperty("ideal_seconds").GetDouble() * 0.99, run.ToString());
            // Every model consumes, stores and publishes from the worker's main process; process-model children hold no connection.
            Assert.Equal(1, run.GetProperty("peak_broker_connections").GetInt32());
            Assert.Equal(2, run.GetProperty("peak_redis_connections").GetInt32());
            Assert.InRange(run.GetProperty("peak_megabytes").GetDouble(), 20, 4000);
            // Shared pages count once in the proportional set size, in full in each process's resident set.
            Assert.InRange(run.GetProperty("peak_proportional_megabytes").GetDouble(), 5, run.GetProperty("peak_megabytes").GetDouble());
        }

        // The process model: a supervisor and 16 children, started from a command line (they must not become supervisors).
        Assert.Equal(17, runs[2].GetProperty("peak_processes").GetInt32());
        Assert.Contains("| dotnet async-30 |", tables);

        // With a slot per task the floor is measured before the run: the workload delivered to a consumer that only acknowledges.
        // With 16 slots for 64 tasks the ideal is not the longest sleep, so there is none.
        foreach (var run in runs.Take(2))
        {
            Assert.InRange(run.GetProperty("floor_seconds").GetDouble(), 1e-4, 30);
            Assert.True(run.GetProperty("floor_ratio").GetDouble() > 1, run.ToString());
            Assert.Equal(run.GetProperty("ratio_to_ideal").GetDouble() - run.GetProperty("floor_ratio").GetDouble(), run.GetProperty("over_floor").GetDouble(), 9);
        }

        Assert.Equal(JsonValueKind.Null, runs[2].GetProperty("floor_seconds").ValueKind);
        Assert.Contains("| floor / ideal | over floor |", tables);
    }

    [Fact]
    public async Task Noop_measures_both_engines_and_prints_the_ratio_to_celerys_best_pool()
    {
        var (exitCode, runs, tables, output) = await RunAsync("noop", "--noop-tasks", "300", "--celery-noop-tasks", "100", "--only", "solo");

        Assert.True(exitCode == 0, output);
        Assert.Equal(["dotnet solo-1", "celery solo-1"], runs.Select(r => r.GetProperty("contender").GetString()));
        Assert.All(runs, run => Assert.True(run.GetProperty("tasks_per_second").GetDouble() > 0, run.ToString()));
        Assert.Matches(@"against Celery's best pool \(celery solo-1, \d+/s\): \*\*\d+\.\dx\*\*", tables);
        // The floor: the same tasks through a consumer with no engine, measured just before each run.
        Assert.All(runs, run =>
        {
            Assert.True(run.GetProperty("floor_tasks_per_second").GetDouble() > 0, run.ToString());
            Assert.Equal(run.GetProperty("tasks_per_second").GetDouble() / run.GetProperty("floor_tasks_per_second").GetDouble(), run.GetProperty("share_of_floor").GetDouble(), 9);
        });
        Assert.Contains("| no-engine floor (tasks/s) | share of floor |", tables);
    }

    [Fact]
    public async Task Mixed_compares_the_short_tasks_wait_with_a_perfect_shared_queue_at_each_prefetch_and_ack_setting()
    {
        var (exitCode, runs, tables, output) = await RunAsync(
            "mixed", "--mixed-long-tasks", "1", "--mixed-long-seconds", "2", "--mixed-short-tasks", "20", "--mixed-short-seconds", "0.02",
            "--mixed-arrival-seconds", "1", "--mixed-slots", "4", "--only", "dotnet process", "--dotnet-only");

        Assert.True(exitCode == 0, output);
        Assert.Equal(
            ["prefetch 1, acks early", "prefetch 1, acks late", "prefetch 4, acks early", "prefetch 4, acks late"],
            runs.Select(r => r.GetProperty("setting").GetString()).Order());
        foreach (var run in runs)
        {
            Assert.True(run.GetProperty("error").ValueKind == JsonValueKind.Null, run.ToString());
            var (wait, ideal) = (run.GetProperty("short_wait"), run.GetProperty("ideal_short_wait"));
            Assert.True(wait.GetProperty("p50").GetDouble() <= wait.GetProperty("p95").GetDouble() && wait.GetProperty("p95").GetDouble() <= wait.GetProperty("max").GetDouble(), run.ToString());
            Assert.True(ideal.GetProperty("p95").GetDouble() >= 0, run.ToString());
            // No worker can end the tasks sooner than the perfect shared queue, which starts each as it arrives if a slot is free.
            Assert.True(run.GetProperty("total_seconds").GetDouble() >= run.GetProperty("ideal_seconds").GetDouble() * 0.99, run.ToString());
        }

        Assert.Contains("| short wait p50 (s) | p95 |", tables);
    }

    [Fact]
    public async Task Latency_publishes_on_schedule_and_reports_publish_to_start_and_to_result()
    {
        var (exitCode, runs, tables, output) = await RunAsync("latency", "--latency-rates", "200", "--latency-seconds", "1", "--only", "dotnet async", "--dotnet-only");

        Assert.True(exitCode == 0, output);
        var run = Assert.Single(runs);
        Assert.True(run.GetProperty("error").ValueKind == JsonValueKind.Null, run.ToString());
        Assert.Equal(200, run.GetProperty("tasks").GetInt32());
        var (start, result) = (run.GetProperty("start_latency"), run.GetProperty("result_latency"));
        Assert.True(start.GetProperty("p50").GetDouble() > 0, run.ToString());
        // A result is stored after its task starts.
        Assert.True(result.GetProperty("p50").GetDouble() >= start.GetProperty("p50").GetDouble(), run.ToString());
        Assert.Contains("| dotnet async-100 | 200 |", tables);
    }

    [Fact]
    public async Task A_celery_green_thread_pool_runs_the_labs_chords_on_the_same_servers()
    {
        var (exitCode, runs, _, output) = await RunAsync("wide", "--wide-tasks", "30", "--only", "celery gevent");

        Assert.True(exitCode == 0, output);
        var run = Assert.Single(runs);
        Assert.True(run.GetProperty("error").ValueKind == JsonValueKind.Null, run.ToString());
        Assert.Equal(1, run.GetProperty("peak_processes").GetInt32());
        Assert.True(run.GetProperty("peak_broker_connections").GetInt32() >= 1, run.ToString());
    }

    [Fact]
    public async Task Without_the_servers_connection_strings_it_says_how_to_run_it()
    {
        await using var benchmark = LabPrograms.StartDotnet("Waitinator.Benchmarks", new Dictionary<string, string>(), ["engines", "wide"], "bench/Waitinator.Benchmarks");

        Assert.Equal(2, await benchmark.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("--benchmark", benchmark.Output);
    }

    private async Task<(int ExitCode, List<JsonElement> Runs, string Tables, string Output)> RunAsync(params string[] arguments)
    {
        await servers.ResetAsync();
        var output = Directory.CreateTempSubdirectory("waitinator-benchmark-test-").FullName;
        try
        {
            await using var benchmark = LabPrograms.StartDotnet(
                "Waitinator.Benchmarks",
                new Dictionary<string, string>
                {
                    ["ConnectionStrings__broker"] = servers.BrokerConnectionString,
                    ["ConnectionStrings__backend"] = servers.BackendConnectionString,
                },
                ["engines", .. arguments, "--repetitions", "1", "--time-scale", "0.005", "--output", output],
                "bench/Waitinator.Benchmarks");
            var exitCode = await benchmark.WaitForExitAsync(TimeSpan.FromMinutes(5));
            var json = Path.Combine(output, "benchmark.json");
            Assert.True(File.Exists(json), benchmark.Output);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var runs = document.RootElement.GetProperty("runs").EnumerateArray().Select(run => run.Clone()).ToList();
            return (exitCode, runs, await File.ReadAllTextAsync(Path.Combine(output, "benchmark.md")), benchmark.Output);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
