using System.Globalization;
using Waitinator.Contracts.Results;

namespace Waitinator.AppHost.Services;

/// <summary>
/// The producer: submits the chords once every worker process consumes (RabbitMQ counts them; a configured
/// Producer:ExpectedConsumers wins) and writes its report.
/// </summary>
public static class ProducerResourceBuilderExtensions
{
    public static IResourceBuilder<ProjectResource> AddProducer(
        this IDistributedApplicationBuilder builder,
        string name,
        RepetitionLayout files,
        int expectedConsumers,
        IResourceBuilder<IResourceWithConnectionString> broker,
        IResourceBuilder<IResourceWithConnectionString> backend,
        IReadOnlyList<IResourceBuilder<IResourceWithWaitSupport>> workers)
    {
        var producer = builder.AddProject<Projects.Waitinator_Producer>(name)
            .WithEnvironment("Producer__ExpectedConsumers", expectedConsumers.ToString(CultureInfo.InvariantCulture))
            .WithConfigurationSection(builder.Configuration, "Producer")
            .WithEnvironment("Producer__ReportPath", files.ProducerReport)
            .WithEnvironment("Producer__ProgressPath", files.ProducerProgress)
            .WithReference(broker).WaitFor(broker)
            .WithReference(backend).WaitFor(backend);
        foreach (var worker in workers)
        {
            producer.WaitFor(worker);
        }

        return producer;
    }
}
