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
}
