namespace Waitinator.AppHost.Experiments;

/// <summary>One configuration's worker set and producer in the application model.</summary>
public sealed record ConfigurationResources(ExperimentConfiguration Configuration, IResource Worker, IResource Producer);
