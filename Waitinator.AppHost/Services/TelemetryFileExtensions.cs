namespace Waitinator.AppHost.Services;

/// <summary>Where each process writes its telemetry files, for the reporter.</summary>
public static class TelemetryFileExtensions
{
    /// <summary>
    /// With Lab:ExportTelemetry (on by default), every project resource (and every process-model child, which inherits
    /// the setting) writes its metric samples and spans as JSON lines into the folder `directoryFor` gives it (none: no files).
    /// </summary>
    public static void ExportTelemetryFiles(this IDistributedApplicationBuilder builder, Lab lab, Func<IResource, string?> directoryFor)
    {
        if (!lab.Settings.ExportTelemetry)
        {
            return;
        }

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            if (directoryFor(project) is { } directory)
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables["Telemetry__ExportDirectory"] = directory));
            }
        }
    }
}
