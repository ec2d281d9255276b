namespace Waitinator.Contracts.Results;

/// <summary>
/// What one repetition (or one single run) leaves in its folder: the Api's and the worker's databases, the producer's
/// report and progress, every process's telemetry, the console logs, and run.json. The AppHost writes it, the reporter
/// reads it.
/// </summary>
public sealed record RepetitionLayout(string Folder)
{
    public const string RunFileName = "run.json";

    /// <summary>The sub-folders a run writes, which tell a repetition folder from any other.</summary>
    public static readonly IReadOnlyList<string> Parts = ["worker", "api", "producer", "telemetry"];

    public string RunFile => Path.Combine(Folder, RunFileName);

    public string ApiDatabase => Path.Combine(Folder, "api", "waitinator-api.db");

    public string WorkerDatabase => Path.Combine(Folder, "worker", "waitinator-worker.db");

    public string ProducerReport => Path.Combine(Folder, "producer", "producer-report.json");

    /// <summary>The producer's count of tasks done so far, rewritten as it runs (<see cref="ProducerProgress"/>).</summary>
    public string ProducerProgress => Path.Combine(Folder, "producer", "progress.json");

    public string Telemetry => Path.Combine(Folder, "telemetry");

    public string Logs => Path.Combine(Folder, "logs");
}
