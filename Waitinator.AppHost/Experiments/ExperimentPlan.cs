namespace Waitinator.AppHost.Experiments;

/// <summary>What the runner needs: the definition, where results go, and the resources it starts and stops.</summary>
public sealed record ExperimentPlan(
    Lab Lab,
    ExperimentDefinition Definition,
    ExperimentResults Results,
    IResourceWithConnectionString Broker,
    IResource Api,
    IReadOnlyList<ConfigurationResources> Configurations,
    IResource Reporter,
    ExperimentResource Experiment)
{
    public int TotalRuns => Definition.Repetitions * Configurations.Count;

    /// <summary>The tasks one repetition of <paramref name="configuration"/> runs: its own chords, else the experiment's.</summary>
    public int TaskCount(ExperimentConfiguration configuration) => (configuration.Chords ?? Definition.Chords).Sum();

    /// <summary>Repetition by repetition, every configuration in turn, so that slow drift of the machine spreads over all of them.</summary>
    public IEnumerable<(ConfigurationResources Configuration, int Repetition)> Runs =>
        Enumerable.Range(1, Definition.Repetitions).SelectMany(repetition => Configurations.Select(configuration => (configuration, repetition)));
}
