namespace Waitinator.AppHost.Experiments;

/// <summary>What the runner needs: the definition, where results go, and the resources it starts and stops.</summary>
public sealed record ExperimentPlan(
    Lab Lab,
    ExperimentDefinition Definition,
    ExperimentResults Results,
    IResourceWithConnectionString Broker,
    IResource Api,
    IReadOnlyList<ConfigurationResources> Configurations,
    IResource Reporter)
{
    public int TotalRuns => Definition.Repetitions * Configurations.Count;
}
