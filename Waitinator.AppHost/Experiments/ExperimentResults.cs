using System.Globalization;
using System.Text.Json;
using Waitinator.Contracts.Results;

namespace Waitinator.AppHost.Experiments;

/// <summary>
/// results/EXPERIMENT/TIMESTAMP/: experiment.json, the monitor's samples, and CONFIGURATION/REPETITION/ folders with the
/// Api's and the worker's databases, the producer's report, every process's telemetry and run.json. The processes of
/// the repetition that runs write into a staging folder, moved into place once they have stopped.
/// </summary>
public sealed class ExperimentResults
{
    private ExperimentResults(string path) => Path = path;

    public string Path { get; }

    public string Staging => System.IO.Path.Combine(Path, ".staging");

    /// <summary>Where the running repetition's processes write: a repetition's layout, moved into place when they have stopped.</summary>
    public RepetitionLayout Running => new(Staging);

    public string StagingTelemetry => Running.Telemetry;

    public string MonitorTelemetry => ExperimentFiles.MonitorTelemetry(Path);

    public string ApiDatabase => Running.ApiDatabase;

    public string WorkerDatabase => Running.WorkerDatabase;

    public string ProducerReport => Running.ProducerReport;

    public string ReportFolder => System.IO.Path.Combine(Path, ExperimentFiles.Report);

    public static ExperimentResults Create(string resultsDirectory, string repositoryRoot, string experiment)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(resultsDirectory, repositoryRoot), experiment, stamp);
        var results = new ExperimentResults(path);
        Directory.CreateDirectory(results.StagingTelemetry);
        Directory.CreateDirectory(results.MonitorTelemetry);
        return results;
    }

    public string Repetition(ExperimentConfiguration configuration, int repetition) =>
        System.IO.Path.Combine(Path, configuration.Name, repetition.ToString(CultureInfo.InvariantCulture));

    /// <summary>Moves what the stopped processes of one repetition left in staging into its folder, and clears staging.</summary>
    public string KeepRepetition(ExperimentConfiguration configuration, int repetition)
    {
        var target = Repetition(configuration, repetition);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        Directory.Move(Staging, target);
        Directory.CreateDirectory(StagingTelemetry);
        return target;
    }

    /// <summary>The monitor runs through the whole experiment; each repetition gets a copy of its samples in the repetition's time window.</summary>
    public void CopyMonitorSamples(string repetitionFolder, DateTimeOffset from, DateTimeOffset to)
    {
        var telemetry = Directory.CreateDirectory(new RepetitionLayout(repetitionFolder).Telemetry).FullName;
        foreach (var file in Directory.GetFiles(MonitorTelemetry, "*.metrics.jsonl"))
        {
            using var source = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            using var copy = new StreamWriter(System.IO.Path.Combine(telemetry, System.IO.Path.GetFileName(file)));
            while (source.ReadLine() is { } line)
            {
                if (SampleTime(line) is { } time && time >= from && time <= to)
                {
                    copy.WriteLine(line);
                }
            }
        }
    }

    public async Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, value, ExperimentDefinition.Json, cancellationToken);
    }

    private static DateTimeOffset? SampleTime(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("timestamp", out var timestamp) && timestamp.TryGetDateTimeOffset(out var time) ? time : null;
        }
        catch (JsonException)
        {
            return null; // A line cut short by a kill: the reporter would skip it too.
        }
    }
}
