namespace Waitinator.Reporter.Input;

/// <summary>One repetition of a configuration: CONFIGURATION/N/ (or a single run's own folder).</summary>
public sealed record RepetitionFolder(string Name, string Path)
{
    public string RunFile => System.IO.Path.Combine(Path, ResultsFolderLocator.RunFile);

    public string WorkerDatabase => System.IO.Path.Combine(Path, "worker", "waitinator-worker.db");

    public string ProducerReport => System.IO.Path.Combine(Path, "producer", "producer-report.json");

    public string Telemetry => System.IO.Path.Combine(Path, "telemetry");
}
