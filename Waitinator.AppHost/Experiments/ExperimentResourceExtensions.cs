using System.Globalization;
using Waitinator.Contracts.Telemetry;
using Waitinator.AppHost.Celery;
using Waitinator.AppHost.Services;

namespace Waitinator.AppHost.Experiments;

/// <summary>
/// An experiment's resources: the Api and, per configuration, a worker-NAME set and a producer-NAME, all started on demand
/// by the <see cref="ExperimentRunner"/>, so the dashboard shows which configuration runs; the reporter runs at the end.
/// </summary>
public static class ExperimentResourceExtensions
{
    public static void AddExperiment(
        this IDistributedApplicationBuilder builder,
        Lab lab,
        ExperimentDefinition definition,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend)
    {
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var results = ExperimentResults.Create(lab.Settings.ResultsDirectory, repositoryRoot, definition.Name);
        builder.AddExperimentLogging(lab, results.Path);
        var api = builder.AddWaitinateApi(results.ApiDatabase)
            .WithEnvironment("Api__TimeScale", definition.TimeScale.ToString(CultureInfo.InvariantCulture))
            .WithExplicitStart();

        var runs = new List<ConfigurationResources>();
        foreach (var configuration in definition.Configurations)
        {
            var name = LabResourceNames.WorkerOf(configuration.Name);
            IReadOnlyList<IResourceBuilder<IResourceWithWaitSupport>> workers = configuration.Engine == WorkerEngine.Celery
                ? [.. Enumerable.Range(1, configuration.Replicas).Select(replica =>
                    builder.AddCeleryWorker(configuration.Replicas == 1 ? name : $"{name}-{replica}", name, configuration, lab.Celery!, results.WorkerDatabase, broker, backend, api)
                        .WithExplicitStart())]
                : [builder.AddWorker(name, configuration.Replicas, results.WorkerDatabase, broker, backend, api)
                    .WithEnvironment("Worker__ExecutionModel", configuration.ToWorkerOptions().ExecutionModel.ToString())
                    .WithEnvironment("Worker__Concurrency", configuration.Concurrency.ToString(CultureInfo.InvariantCulture))
                    .WithEnvironment("Worker__PrefetchMultiplier", configuration.PrefetchMultiplier.ToString(CultureInfo.InvariantCulture))
                    .WithEnvironment("Worker__Acks", configuration.AckMode.ToString())
                    .WithBrokerHeartbeat(configuration.BrokerHeartbeat)
                    .WithExplicitStart()];
            var producer = builder.AddProducer(LabResourceNames.ProducerOf(configuration.Name), results.Running, configuration.ExpectedConsumers, broker, backend, workers)
                .WithExplicitStart();
            if (definition.Timeout is { } timeout)
            {
                producer.WithEnvironment("Producer__Timeout", TimeSpan.FromSeconds(timeout).ToString("c", CultureInfo.InvariantCulture));
            }

            var chords = configuration.Chords ?? definition.Chords;
            for (var i = 0; i < chords.Length; i++)
            {
                producer.WithEnvironment($"Producer__ChordSizes__{i.ToString(CultureInfo.InvariantCulture)}", chords[i].ToString(CultureInfo.InvariantCulture));
            }

            runs.Add(new ConfigurationResources(configuration, [.. workers.Select(w => (IResource)w.Resource)], producer.Resource));
        }

        var reporter = builder.AddProject<Projects.Waitinator_Reporter>(LabResourceNames.Reporter)
            .WithArgs(results.Path, "--output", results.ReportFolder)
            .WithExplicitStart();

        builder.ExportTelemetry(lab, resource => resource.Name switch
        {
            LabResourceNames.Monitor => results.MonitorTelemetry,
            LabResourceNames.Reporter => null,
            _ => results.StagingTelemetry,
        });

        var experiment = new ExperimentResource(ExperimentResource.ResourceName);
        var plan = new ExperimentPlan(lab, definition, results, broker.Resource, api.Resource, runs, reporter.Resource, experiment);
        builder.AddResource(experiment)
            .WithInitialState(ExperimentStatus.Initial(plan))
            .WithCommand(
                ExperimentResource.StopAfterRepetitionCommand,
                "Stop after this repetition",
                _ => Task.FromResult(experiment.RequestStop() ? CommandResults.Success() : CommandResults.Failure("A stop is already requested.")),
                new CommandOptions
                {
                    Description = "Stop after this repetition: let the running repetition finish, skip the rest, and write the report of what ran.",
                    IconName = "Stop",
                    IsHighlighted = true,
                    UpdateState = context => experiment.StopRequested || context.ResourceSnapshot.ExitCode is not null
                        ? ResourceCommandState.Disabled
                        : ResourceCommandState.Enabled,
                });
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ExperimentRunner>(services, plan));
    }

    /// <summary>Aspire's RabbitMQ client binds its ConnectionFactory from configuration: the heartbeat it asks the broker for.</summary>
    private static IResourceBuilder<ProjectResource> WithBrokerHeartbeat(this IResourceBuilder<ProjectResource> worker, double? seconds) =>
        seconds is { } heartbeat
            ? worker.WithEnvironment("Aspire__RabbitMQ__Client__ConnectionFactory__RequestedHeartbeat", TimeSpan.FromSeconds(heartbeat).ToString("c", CultureInfo.InvariantCulture))
            : worker;
}
