namespace Waitinator.AppHost.Settings;

/// <summary>The AppHost's own settings (configuration section "Lab"), checked before any resource is modelled.</summary>
public sealed record LabSettings
{
    public const string SectionName = "Lab";

    /// <summary>How RabbitMQ and Redis run: auto (containers when a runtime answers, else executables), container or executable.</summary>
    public InfrastructureMode Infrastructure { get; init; } = InfrastructureMode.Auto;

    /// <summary>rabbitmq-server to run in executable mode; unset looks in Debian's place, then on PATH.</summary>
    public string? RabbitMQServerPath { get; init; }

    /// <summary>redis-server to run in executable mode; unset looks on PATH.</summary>
    public string? RedisServerPath { get; init; }

    /// <summary>The Python 3 with Debian's Celery that runs Celery configurations; unset takes /usr/bin/python3, then python3 on PATH.</summary>
    public string? PythonPath { get; init; }

    /// <summary>Where each run gets its own folder for server data, databases and logs; relative to the repository root.</summary>
    public string RunsDirectory { get; init; } = "runs";

    /// <summary>Stop the whole lab once the producer has reported (the main job); otherwise it stays up for the dashboard.</summary>
    public bool ExitWhenDone { get; init; }

    /// <summary>
    /// In an interactive terminal an experiment shows a live progress view, and the AppHost's and Aspire's log lines go to
    /// the results folder's apphost.log, warnings and errors still shown; true keeps every log line on the terminal instead.
    /// </summary>
    public bool ConsoleLogs { get; init; }

    /// <summary>Every process writes its metric samples and spans as JSON lines into the run's telemetry folder (the reporter's input).</summary>
    public bool ExportTelemetry { get; init; } = true;

    /// <summary>Where experiments keep their evidence: RESULTS/EXPERIMENT/TIMESTAMP/; relative to the repository root.</summary>
    public string ResultsDirectory { get; init; } = "results";

    /// <summary>Where `--experiment NAME` finds NAME.json; relative to the repository root.</summary>
    public string ExperimentsDirectory { get; init; } = "experiments";

    /// <summary>An experiment to run (a name in the experiments folder or a path to a .json file); unset runs the single default run.</summary>
    public string? Experiment { get; init; }

    /// <summary>
    /// Engine benchmark scenarios to run instead of an experiment (noop, wide, scale, slots, all; comma-separated):
    /// the .NET worker against Python Celery on the lab's servers. Results go to RESULTS/benchmarks/TIMESTAMP/.
    /// </summary>
    public string? Benchmark { get; init; }

    /// <summary>More options for the benchmark command, as on its command line (say "--repetitions 1 --dotnet-only").</summary>
    public string? BenchmarkOptions { get; init; }

    /// <summary>How many worker processes to start.</summary>
    public int WorkerReplicas { get; init; } = 1;

    public static LabSettings Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        LabSettings settings;
        try
        {
            settings = section.Get<LabSettings>() ?? new LabSettings();
        }
        catch (InvalidOperationException exception)
        {
            throw new LabSettingsException($"{SectionName} settings could not be read: {exception.Message}");
        }

        var failures = new List<string>();
        if (settings.WorkerReplicas < 1)
        {
            failures.Add($"{SectionName}:WorkerReplicas must be 1 or more (got {settings.WorkerReplicas}).");
        }

        if (settings.Benchmark is not null && settings.Experiment is not null)
        {
            failures.Add("Run an experiment or a benchmark, not both (--experiment and --benchmark were both given).");
        }

        if (string.IsNullOrWhiteSpace(settings.RunsDirectory) || string.IsNullOrWhiteSpace(settings.ResultsDirectory))
        {
            failures.Add($"{SectionName}:RunsDirectory and {SectionName}:ResultsDirectory must name folders.");
        }

        return failures.Count == 0 ? settings : throw new LabSettingsException(string.Join(Environment.NewLine, failures));
    }
}
