namespace Waitinator.AppHost.Experiments;

/// <summary>
/// One configuration's workers and producer in the application model: one .NET worker resource with its replicas, or one
/// Celery worker resource per replica (Aspire replicates .NET projects only).
/// </summary>
public sealed record ConfigurationResources(ExperimentConfiguration Configuration, IReadOnlyList<IResource> Workers, IResource Producer);
