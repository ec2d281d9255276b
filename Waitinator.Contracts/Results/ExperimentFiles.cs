namespace Waitinator.Contracts.Results;

/// <summary>
/// results/EXPERIMENT/TIMESTAMP/ holds experiment.json (the definition as it ran, and its failures), a folder per
/// configuration with configuration.json and one numbered folder per repetition (<see cref="RepetitionLayout"/>), the
/// monitor's samples, and the report.
/// </summary>
public static class ExperimentFiles
{
    public const string Experiment = "experiment.json";

    public const string Configuration = "configuration.json";

    public const string Report = "report";

    public static string MonitorTelemetry(string experimentFolder) => Path.Combine(experimentFolder, "monitor", "telemetry");
}
