namespace Waitinator.AppHost;

public static class LabBuilderExtensions
{
    /// <summary>Reads and checks the Lab settings, picks containers or executables, and creates this run's folder.</summary>
    public static Lab LoadLab(this IDistributedApplicationBuilder builder)
    {
        var settings = LabSettings.Load(builder.Configuration);
        var mode = ContainerRuntimeProbe.Resolve(settings.Infrastructure);
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var run = RunFolder.Create(settings.RunsDirectory, repositoryRoot);
        return new Lab(settings, mode, run);
    }

    /// <summary>Reports the producer's result when it exits, and with Lab:ExitWhenDone stops the lab with its exit code.</summary>
    public static void ReportWhenProducerFinishes(this IDistributedApplicationBuilder builder, Lab lab, IResourceBuilder<ProjectResource> producer)
    {
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ProducerCompletion>(services, lab, producer.Resource.Name));
    }
}
