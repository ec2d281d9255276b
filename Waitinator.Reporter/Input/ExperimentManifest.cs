namespace Waitinator.Reporter.Input;

/// <summary>experiment.json: the configurations in the order they ran (the first is the baseline) and what failed.</summary>
public sealed record ExperimentManifest
{
    public string? Name { get; init; }

    /// <summary>How many repetitions each configuration was meant to have.</summary>
    public int? Repetitions { get; init; }

    public IReadOnlyList<ConfigurationManifest>? Configurations { get; init; }

    public IReadOnlyList<RunManifest>? Failures { get; init; }
}
