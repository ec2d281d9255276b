namespace Waitinator.AppHost.Services;

/// <summary>The AppHost's configuration sections handed on to the services.</summary>
public static class ConfigurationSectionExtensions
{
    /// <summary>
    /// Hands a section of the AppHost's configuration to a service as environment variables, so that
    /// `--Api:TimeScale=0.01` on the AppHost's command line reaches the Api.
    /// </summary>
    public static IResourceBuilder<T> WithConfigurationSection<T>(this IResourceBuilder<T> resource, IConfiguration configuration, string section)
        where T : IResourceWithEnvironment
    {
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable(makePathsRelative: false))
        {
            if (value is not null)
            {
                resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return resource;
    }
}
