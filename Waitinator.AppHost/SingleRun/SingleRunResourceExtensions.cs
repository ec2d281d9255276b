using Waitinator.AppHost.Services;

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
        var api = builder.AddWaitinateApi(Path.Combine(lab.Run.For("api"), "waitinator-api.db"));
        var worker = builder.AddWorker(
            "worker", lab.Settings.WorkerReplicas, Path.Combine(lab.Run.For("worker"), "waitinator-worker.db"), broker, backend, api);
        var producer = builder.AddProducer("producer", ProducerReportPath(lab.Run), lab.ExpectedConsumers, broker, backend, [worker]);
        builder.ReportWhenProducerFinishes(lab, producer);
        builder.ExportTelemetryFiles(lab, _ => lab.Run.For("telemetry"));
    }

    /// <summary>Reports the producer's result when it exits, and with Lab:ExitWhenDone stops the lab with its exit code.</summary>
    public static void ReportWhenProducerFinishes(this IDistributedApplicationBuilder builder, Lab lab, IResourceBuilder<ProjectResource> producer)
    {
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ProducerCompletion>(services, lab, producer.Resource.Name));
    }

    public static string ProducerReportPath(RunFolder run) => Path.Combine(run.For("producer"), "producer-report.json");
}
