using Microsoft.Extensions.Hosting;

namespace Waitinator.AppHost.Services;

/// <summary>Where each process sends its telemetry besides the dashboard: the run's files and the AppHost's Telemetry section.</summary>
public static class TelemetryExportExtensions
{
    /// <summary>
    /// Hands the AppHost's Telemetry section (an OTLP endpoint, its protocol and headers) to every project resource, and with
    /// Lab:ExportTelemetry (on by default) points each at the folder `directoryFor` gives it for its OTLP/JSON files (none: no
    /// files). Process-model children inherit both. Call it once every project resource of the lab has been added.
    /// </summary>
    public static void ExportTelemetry(this IDistributedApplicationBuilder builder, Lab lab, Func<IResource, string?> directoryFor)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var resource = builder.CreateResourceBuilder(project).WithConfigurationSection(builder.Configuration, TelemetryOptions.SectionName);
            if (lab.Settings.ExportTelemetry && directoryFor(project) is { } directory)
            {
                // After the section: the lab keeps its evidence in the run folder whatever Telemetry:ExportDirectory says.
                resource.WithEnvironment("Telemetry__ExportDirectory", directory);
            }
        }
    }
}
