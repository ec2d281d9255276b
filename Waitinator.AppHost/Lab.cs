using Waitinator.AppHost.Experiments;
using Waitinator.TaskQueue.Hosting;

namespace Waitinator.AppHost;

/// <summary>What one start of the lab decided before modelling resources: its settings, how servers run, its folder, the workers' settings and the experiment, if any.</summary>
public sealed record Lab(
    LabSettings Settings, InfrastructureMode Mode, RunFolder Run, WorkerOptions Worker, ExperimentDefinition? Experiment, Celery.CeleryInstallation? Celery)
{
    /// <summary>Consumers each queue gets once every worker is up: one per replica (a process-model supervisor consumes for its children).</summary>
    public int ExpectedConsumers => Settings.WorkerReplicas;
}
