using Waitinator.AppHost.Services;
using Waitinator.Contracts.Results;
using Waitinator.Contracts.Telemetry;

namespace Waitinator.AppHost.SingleRun;

/// <summary>The lab without an experiment: one Api, the Worker section's workers and one producer, recorded in the run folder.</summary>
public static class SingleRunResourceExtensions
{
    public static void AddSingleRun(
        this IDistributedApplicationBuilder builder,
        Lab lab,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend)
    {
        var files = Files(lab.Run);
        var api = builder.AddWaitinateApi(files.ApiDatabase);
        var worker = builder.AddWorker(LabResourceNames.Worker, lab.Settings.WorkerReplicas, files.WorkerDatabase, broker, backend, api);
        var producer = builder.AddProducer(LabResourceNames.Producer, files, lab.ExpectedConsumers, broker, backend, [worker]);
        builder.ReportWhenProducerFinishes(lab, producer);
        builder.ExportTelemetry(lab, _ => files.Telemetry);
    }

    /// <summary>A single run keeps its evidence in its own folder, laid out as one repetition of an experiment.</summary>
    public static RepetitionLayout Files(RunFolder run) => new(run.Path);

    /// <summary>Reports the producer's result when it exits, and with Lab:ExitWhenDone stops the lab with its exit code.</summary>
    public static void ReportWhenProducerFinishes(this IDistributedApplicationBuilder builder, Lab lab, IResourceBuilder<ProjectResource> producer)
    {
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ProducerCompletion>(services, lab, producer.Resource.Name));
    }
}
