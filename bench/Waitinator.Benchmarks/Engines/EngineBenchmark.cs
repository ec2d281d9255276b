using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Waitinator.Contracts.Settings;

namespace Waitinator.Benchmarks.Engines;

/// <summary>
/// `engines`: the .NET worker and Python Celery's pools side by side on the same RabbitMQ, Redis and Api, runs interleaved
/// (repetition-major), each run a fresh worker process. Prints Markdown tables and writes them with every run's figures as JSON.
/// Needs the servers' connection strings, which the AppHost gives it: dotnet run --project Waitinator.AppHost -- --benchmark all.
/// </summary>
internal static class EngineBenchmark
{
    public static Command Command()
    {
        var scenarios = new Argument<string[]>("scenarios") { Description = $"Any of {string.Join(", ", Scenarios.Names)}, or all.", Arity = ArgumentArity.ZeroOrMore, DefaultValueFactory = _ => ["all"] };
        var repetitions = new Option<int>("--repetitions") { Description = "Runs of each trial; the tables show medians.", DefaultValueFactory = _ => 3 };
        var timeScale = new Option<double>("--time-scale") { Description = "Scales the Api's 180-210 s sleeps.", DefaultValueFactory = _ => 0.01 };
        var dotnetOnly = new Option<bool>("--dotnet-only") { Description = "Leave Python Celery out." };
        var noopTasks = new Option<int>("--noop-tasks") { Description = "No-op tasks per .NET run.", DefaultValueFactory = _ => 50_000 };
        var celeryNoopTasks = new Option<int>("--celery-noop-tasks") { Description = "No-op tasks per Celery run (Celery is slower; the figure is a rate).", DefaultValueFactory = _ => 3_000 };
        var wideTasks = new Option<int>("--wide-tasks") { Description = "Tasks (and concurrency) of the wide scenario.", DefaultValueFactory = _ => 1_000 };
        var scaleTasks = new Option<int[]>("--scale-tasks") { Description = "The scale scenario's N (= concurrency) values.", DefaultValueFactory = _ => [100, 1_000, 10_000], AllowMultipleArgumentsPerToken = true };
        var warmUpTasks = new Option<int>("--warm-up-tasks")
        {
            Description = "Chord scenarios: waitinate tasks each fresh worker runs (one chord, not measured) before the measured work; 0 measures a cold worker.",
            DefaultValueFactory = _ => 100,
        };
        var apiProtocol = new Option<ApiProtocol>("--api-protocol")
        {
            Description = "How .NET workers call the Api: Http2 (h2c, a few multiplexed connections) or Http1 (a connection per concurrent call, as Celery's tasks call it with urllib).",
            DefaultValueFactory = _ => ApiProtocol.Http2,
        };
        var only = new Option<string?>("--only") { Description = "Run only the contenders whose name contains this text (\"dotnet async\", \"gevent\")." };
        var output = new Option<string>("--output") { Description = "Folder for benchmark.md and benchmark.json.", DefaultValueFactory = _ => Path.Combine("results", "benchmarks", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)) };

        var command = new Command("engines", "The .NET worker against Python Celery: noop, wide, scale and slots scenarios.")
        {
            scenarios, repetitions, timeScale, dotnetOnly, noopTasks, celeryNoopTasks, wideTasks, scaleTasks, warmUpTasks, apiProtocol, only, output,
        };
        // Option validators run on what the user typed; defaults are valid.
        scenarios.Validators.Add(result =>
        {
            var unknown = result.Tokens.Select(token => token.Value).Where(s => s != "all" && !Scenarios.Names.Contains(s)).ToList();
            if (unknown.Count > 0)
            {
                result.AddError($"Unknown scenario {string.Join(", ", unknown)}: choose from {string.Join(", ", Scenarios.Names)}, all.");
            }
        });
        repetitions.Validators.Add(result => Check(result, result.GetValueOrDefault<int>() is >= 1 and <= 100, "--repetitions must be between 1 and 100."));
        timeScale.Validators.Add(result => Check(result, result.GetValueOrDefault<double>() is > 0 and <= 1, "--time-scale must be above 0 and at most 1."));
        noopTasks.Validators.Add(result => Check(result, result.GetValueOrDefault<int>() >= 2, "--noop-tasks must be at least 2."));
        celeryNoopTasks.Validators.Add(result => Check(result, result.GetValueOrDefault<int>() >= 2, "--celery-noop-tasks must be at least 2."));
        wideTasks.Validators.Add(result => Check(result, result.GetValueOrDefault<int>() >= 1, "--wide-tasks must be at least 1."));
        warmUpTasks.Validators.Add(result => Check(result, result.GetValueOrDefault<int>() is >= 0 and <= 10_000, "--warm-up-tasks must be between 0 and 10000."));
        scaleTasks.Validators.Add(result => Check(result, (result.GetValueOrDefault<int[]>() ?? []).All(n => n >= 1), "--scale-tasks values must be at least 1."));
        command.SetAction((parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(scenarios) ?? ["all"];
            var settings = new BenchmarkSettings(
                chosen.Contains("all") ? Scenarios.Names : chosen.Distinct().ToList(),
                parse.GetValue(repetitions), parse.GetValue(timeScale), !parse.GetValue(dotnetOnly),
                parse.GetValue(noopTasks), parse.GetValue(celeryNoopTasks), parse.GetValue(wideTasks),
                parse.GetValue(scaleTasks) ?? [], parse.GetValue(only), parse.GetValue(warmUpTasks), parse.GetValue(apiProtocol), Path.GetFullPath(parse.GetValue(output)!));
            return RunAsync(settings, cancellationToken);
        });
        return command;
    }

    private static void Check(System.CommandLine.Parsing.SymbolResult result, bool valid, string error)
    {
        if (!valid)
        {
            result.AddError(error);
        }
    }

    private static async Task<int> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        BenchmarkServers servers;
        try
        {
            servers = BenchmarkServers.FromEnvironment();
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        var celery = settings.IncludeCelery ? await CeleryPools.ProbeAsync() : CeleryPools.LeftOut;
        if (celery.Note is { } note)
        {
            Console.WriteLine(note);
        }

        var trials = settings.Scenarios.SelectMany(scenario => Scenarios.For(scenario, settings))
            .Where(trial => celery.Runs(trial.Contender))
            .Where(trial => settings.Only is null || trial.Contender.Name.Contains(settings.Only, StringComparison.OrdinalIgnoreCase))
            .ToList();
        Directory.CreateDirectory(settings.Output);
        await using var lab = await BenchmarkLab.StartAsync(servers, settings.TimeScale, settings.Output, cancellationToken);
        var runner = new TrialRunner(lab, settings.Output, settings.WarmUpTasks, settings.ApiProtocol);
        var runs = trials.ToDictionary(trial => trial, _ => new List<RunFigures>());
        var total = trials.Count * settings.Repetitions;
        var done = 0;
        for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
        {
            foreach (var trial in trials)
            {
                var figures = await runner.RunAsync(trial, repetition, cancellationToken);
                runs[trial].Add(figures);
                Console.WriteLine($"[{++done}/{total}] {trial.Name}, repetition {repetition}: {Describe(figures)}");
            }
        }

        var summaries = trials.Select(trial => new TrialSummary(trial, runs[trial])).ToList();
        var markdown = BenchmarkReport.Markdown(summaries, settings, celery.Note);
        await File.WriteAllTextAsync(Path.Combine(settings.Output, "benchmark.md"), markdown, CancellationToken.None);
        await File.WriteAllTextAsync(
            Path.Combine(settings.Output, "benchmark.json"),
            JsonSerializer.Serialize(new { settings, runs = runs.Values.SelectMany(r => r) }, JsonOptions),
            CancellationToken.None);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written: {Path.Combine(settings.Output, "benchmark.md")} and benchmark.json");
        return summaries.All(s => s.Runs.All(run => run.Succeeded)) ? 0 : 1;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static string Describe(RunFigures run) => run switch
    {
        { Error: { } error } => $"FAILED: {error}",
        { TasksPerSecond: { } rate } => string.Create(CultureInfo.InvariantCulture, $"{rate:F0} tasks/s (published beforehand at {run.Tasks / run.PublishSeconds:F0}/s), {run.CpuSeconds:F1} CPU s (servers {run.ServerCpuSeconds:F1}), peak {run.PeakMegabytes:F0} MB, {run.PeakBrokerConnections}/{run.PeakRedisConnections} conns"),
        _ => string.Create(CultureInfo.InvariantCulture, $"total {run.TotalSeconds:F3} s, {run.RatioToIdeal:F3}x ideal ({Floor(run)}published in {run.PublishSeconds:F3} s, starts spread over {run.StartSpreadSeconds:F3} s), {run.CpuSeconds:F1} CPU s (servers {run.ServerCpuSeconds:F1}), peak {run.PeakMegabytes:F0} MB, {run.PeakBrokerConnections}/{run.PeakRedisConnections} conns, {run.PeakProcesses} processes"),
    };

    private static string Floor(RunFigures run) => run.FloorSeconds is { } floor
        ? string.Create(CultureInfo.InvariantCulture, $"floor {run.FloorRatio:F3}x: {floor:F3} s to deliver to a consumer that only acknowledges; ")
        : "";
}
