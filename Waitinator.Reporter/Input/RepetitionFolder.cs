using Waitinator.Contracts.Results;

namespace Waitinator.Reporter.Input;

/// <summary>One repetition of a configuration: CONFIGURATION/N/ (or a single run's own folder), laid out as <see cref="RepetitionLayout"/>.</summary>
public sealed record RepetitionFolder(string Name, string Path)
{
    private RepetitionLayout Layout => new(Path);

    public string RunFile => Layout.RunFile;

    public string WorkerDatabase => Layout.WorkerDatabase;

    public string ProducerReport => Layout.ProducerReport;

    public string Telemetry => Layout.Telemetry;
}
