using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Spectre.Console;
using Waitinator.LocalLab;

namespace Waitinator.Benchmarks;

/// <summary>
/// `api`: starts the Api as its own process and holds N requests sleeping in it at once; prints whether all were
/// answered and recorded, the wall time against the longest sleep, and the Api's peak threads and memory.
/// </summary>
internal static class ApiConcurrencyBenchmark
{
    public static Command Command()
    {
        var requests = new Option<int>("--requests") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 10_000 };
        var sleep = new Option<double>("--sleep") { Description = "Seconds each request sleeps.", DefaultValueFactory = _ => 5 };
        var command = new Command("api", "Holds N concurrent sleeping requests in the Api.") { requests, sleep };
        command.Validators.Add(result =>
        {
            if (result.GetValue(requests) < 1)
            {
                result.AddError("--requests must be 1 or more.");
            }

            if (result.GetValue(sleep) is <= 0 or > 600)
            {
                result.AddError("--sleep must be between 0 and 600 seconds.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(requests), parse.GetValue(sleep), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int count, double sleepSeconds, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("waitinator-bench-api-");
        var database = Path.Combine(folder.FullName, "api.db");
        var seconds = sleepSeconds.ToString(CultureInfo.InvariantCulture);
        try
        {
            await using var api = await ApiProcess.StartAsync(sleepSeconds, sleepSeconds, database, cancellationToken);
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var client = new HttpClient(handler) { BaseAddress = api.Address, Timeout = TimeSpan.FromMinutes(10) };
            var idleThreads = ThreadCount(api.ProcessId);

            await using var sampler = new ProcessTreeSampler(api.ProcessId);
            sampler.Start();
            var clock = Stopwatch.StartNew();
            var results = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
            {
                try
                {
                    using var response = await client.GetAsync(new Uri("/waitinate", UriKind.Relative), cancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }));
            var wall = clock.Elapsed.TotalSeconds;
            await sampler.StopAsync();
            var answered = results.Count(ok => ok);
            var recorded = CountRows(database);

            var table = new Table().AddColumns("requests", "answered", "recorded", "sleep (s)", "wall (s)", "wall / sleep", "threads idle", "threads peak", "peak RSS (MB)");
            table.AddRow(
                count.ToString(CultureInfo.InvariantCulture), answered.ToString(CultureInfo.InvariantCulture), recorded.ToString(CultureInfo.InvariantCulture),
                seconds, wall.ToString("F2", CultureInfo.InvariantCulture), (wall / sleepSeconds).ToString("F3", CultureInfo.InvariantCulture),
                idleThreads.ToString(CultureInfo.InvariantCulture), sampler.PeakThreads.ToString(CultureInfo.InvariantCulture),
                (sampler.PeakResidentBytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return answered == count && recorded == count ? 0 : 1;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int ThreadCount(int pid) =>
        int.Parse(File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("Threads:", StringComparison.Ordinal))[8..].Trim(), CultureInfo.InvariantCulture);

    private static long CountRows(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM requests";
        return (long)command.ExecuteScalar()!;
    }
}
