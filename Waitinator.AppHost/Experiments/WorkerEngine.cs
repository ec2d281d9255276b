namespace Waitinator.AppHost.Experiments;

/// <summary>Which task queue runs a configuration's workers: the lab's .NET engine, or Python's Celery itself.</summary>
public enum WorkerEngine
{
    Dotnet,
    Celery,
}
