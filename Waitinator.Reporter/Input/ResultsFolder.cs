namespace Waitinator.Reporter.Input;

/// <summary>
/// The folder to report on: an experiment's results (experiment.json and configuration folders), or a single run's
/// folder from runs/ (api/, worker/, producer/, telemetry/), reported as one configuration with one repetition.
/// </summary>
public sealed record ResultsFolder(string Path, bool IsSingleRun, string? Note);
