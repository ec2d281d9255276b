using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Hosting;
using Waitinator.Contracts.Settings;
using Waitinator.TaskQueue.Hosting;

namespace Waitinator.AppHost.Settings;

/// <summary>
/// The lab's configuration sections and the one record that binds each. A key no record binds (a typo such as
/// Worker:Concurency) would be dropped silently and the lab would measure its default instead: it is refused, with the
/// nearest key that does bind. The binder's own ErrorOnUnknownConfiguration names neither the path nor an alternative,
/// stops at the first object, and misses keys under a scalar or on a computed property.
/// </summary>
public static class SettingsSections
{
    public static readonly IReadOnlyDictionary<string, Type> Records = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
    {
        [LabSettings.SectionName] = typeof(LabSettings),
        [WorkerOptions.SectionName] = typeof(WorkerOptions),
        [ApiClientOptions.SectionName] = typeof(ApiClientOptions),
        [TaskRecordOptions.SectionName] = typeof(TaskRecordOptions),
        [ProducerOptions.SectionName] = typeof(ProducerOptions),
        [ApiOptions.SectionName] = typeof(ApiOptions),
        [MonitorOptions.SectionName] = typeof(MonitorOptions),
        [TelemetryFileOptions.SectionName] = typeof(TelemetryFileOptions),
    };

    /// <summary>One line per key no record binds, and per value its record cannot take (the services check the rest at their start).</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        foreach (var (name, record) in Records)
        {
            var section = configuration.GetSection(name);
            foreach (var child in section.GetChildren())
            {
                Walk(child, record, problems);
            }

            try
            {
                section.Get(record);
            }
            catch (InvalidOperationException exception)
            {
                problems.Add($"{name} settings could not be read: {exception.Message}");
            }
        }

        return problems;
    }

    /// <summary>Follows the binder's rules: scalars are leaves, arrays, lists and dictionaries take any key, other types bind their settable properties.</summary>
    private static void Walk(IConfigurationSection section, Type parent, List<string> problems)
    {
        if (ChildType(parent, section.Key) is not { } type)
        {
            var known = Bindable(parent).Select(p => p.Name).ToList();
            var nearest = NearestName.Find(section.Key, known, maxDistance: Math.Max(2, section.Key.Length / 3));
            var parentPath = section.Path[..^section.Key.Length];
            foreach (var leaf in Leaves(section))
            {
                problems.Add(nearest is null
                    ? $"{leaf} is not a setting: {parentPath.TrimEnd(':')} has {string.Join(", ", known)}."
                    : $"{leaf} is not a setting. Did you mean {parentPath}{nearest}{leaf[section.Path.Length..]}?");
            }

            return;
        }

        if (IsScalar(type))
        {
            // Keys under a scalar (Telemetry:MetricsInterval:Seconds): nothing binds them.
            if (section.GetChildren().Any())
            {
                problems.AddRange(Leaves(section).Select(leaf => $"{leaf} is not a setting: {section.Path} takes a value of its own."));
            }

            return;
        }

        foreach (var child in section.GetChildren())
        {
            Walk(child, type, problems);
        }
    }

    /// <summary>The type a key binds to under <paramref name="parent"/>, or null when nothing there takes it.</summary>
    private static Type? ChildType(Type parent, string key) =>
        ElementType(parent) ?? Bindable(parent).FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase))?.PropertyType;

    /// <summary>Settable properties: a computed one (EffectiveChordSizes, ConsumingProcesses) takes no value.</summary>
    private static IEnumerable<PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type != typeof(string) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[^1]
        : null;

    private static bool IsScalar(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var underlying
        && (underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || TypeDescriptor.GetConverter(underlying).CanConvertFrom(typeof(string)));

    private static IEnumerable<string> Leaves(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        return children.Count == 0 ? [section.Path] : children.SelectMany(Leaves);
    }
}
