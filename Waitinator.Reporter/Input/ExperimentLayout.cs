using System.Globalization;
using Waitinator.Contracts;

namespace Waitinator.Reporter.Input;

/// <summary>What a results folder holds: the experiment's name and its configurations, the baseline first.</summary>
public sealed record ExperimentLayout(string Name, string Folder, IReadOnlyList<ConfigurationFolder> Configurations)
{
    public static ExperimentLayout Discover(ResultsFolder results, ReportWarnings warnings) =>
        results.IsSingleRun ? SingleRun(results.Path) : Experiment(results.Path, warnings);

    private static ExperimentLayout Experiment(string folder, ReportWarnings warnings)
    {
        var manifestPath = Path.Combine(folder, ResultsFolderLocator.ExperimentFile);
        var manifest = InputJson.Read<ExperimentManifest>(manifestPath, warnings,
            "configurations are ordered by slots (concurrency x replicas) and the first is the baseline");
        var folders = ResultsFolderLocator.VisibleSubfolders(folder).Where(ResultsFolderLocator.IsConfigurationFolder).ToList();

        var configurations = new List<ConfigurationFolder>();
        foreach (var listed in manifest?.Configurations?.Where(c => !string.IsNullOrWhiteSpace(c.Name)) ?? [])
        {
            var path = Path.Combine(folder, listed.Name!);
            if (!Directory.Exists(path))
            {
                warnings.Add(manifestPath, $"configuration {listed.Name} has no folder: nothing recorded for it");
                configurations.Add(new ConfigurationFolder(listed, []));
                continue;
            }

            configurations.Add(Configuration(path, listed, warnings));
        }

        var unlisted = folders
            .Where(path => configurations.All(c => !string.Equals(c.Name, Path.GetFileName(path), StringComparison.Ordinal)))
            .Select(path => Configuration(path, listed: null, warnings))
            .ToList();
        if (manifest is null)
        {
            // Without the runner's order, the configuration with the fewest slots is the natural baseline (the original's was concurrency 1).
            unlisted = [.. unlisted.OrderBy(c => c.Settings.Slots ?? int.MaxValue).ThenBy(c => c.Name, StringComparer.Ordinal)];
        }
        else
        {
            foreach (var extra in unlisted)
            {
                warnings.Add(manifestPath, $"does not list configuration folder {extra.Name}: reported after the listed ones");
            }
        }

        configurations.AddRange(unlisted);
        WarnAboutMissingRepetitions(manifest, manifestPath, configurations, warnings);
        var name = manifest?.Name is { Length: > 0 } named ? named : Path.GetFileName(Path.GetDirectoryName(folder)) ?? "experiment";
        return new ExperimentLayout(name, folder, configurations);
    }

    private static ConfigurationFolder Configuration(string path, ConfigurationManifest? listed, ReportWarnings warnings)
    {
        var name = Path.GetFileName(path);
        var file = Path.Combine(path, ResultsFolderLocator.ConfigurationFile);
        ConfigurationManifest? settings = null;
        if (listed is null || File.Exists(file))
        {
            settings = InputJson.Read<ConfigurationManifest>(file, warnings, "its settings are unknown");
        }

        settings = (settings ?? listed ?? new ConfigurationManifest()) with { Name = name };
        var repetitions = ResultsFolderLocator.VisibleSubfolders(path)
            .Where(p => int.TryParse(Path.GetFileName(p), NumberStyles.None, CultureInfo.InvariantCulture, out _) || ResultsFolderLocator.IsRepetitionFolder(p))
            .Select(p => new RepetitionFolder(Path.GetFileName(p), p))
            .OrderBy(r => int.TryParse(r.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : int.MaxValue)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        if (repetitions.Count == 0)
        {
            warnings.Add(path, "holds no repetition folder");
        }

        return new ConfigurationFolder(settings, repetitions);
    }

    private static void WarnAboutMissingRepetitions(
        ExperimentManifest? manifest, string manifestPath, IReadOnlyList<ConfigurationFolder> configurations, ReportWarnings warnings)
    {
        foreach (var failure in manifest?.Failures ?? [])
        {
            var folder = configurations.FirstOrDefault(c => c.Name == failure.Configuration)?.Repetitions
                .FirstOrDefault(r => r.Name == failure.Repetition?.ToString(CultureInfo.InvariantCulture));
            if (folder is null)
            {
                warnings.Add(manifestPath, $"repetition {failure.Repetition} of {failure.Configuration} failed (exit code {failure.ExitCode}): {failure.Error ?? "no error given"}");
            }
        }

        if (manifest?.Repetitions is not { } expected)
        {
            return;
        }

        foreach (var configuration in configurations.Where(c => c.Repetitions.Count > 0 && c.Repetitions.Count < expected))
        {
            warnings.Add(manifestPath, $"asks for {expected} repetitions; {configuration.Name} has {configuration.Repetitions.Count}");
        }
    }

    /// <summary>
    /// A folder from runs/: its producer report names the worker set ("async 16", "async 3x2"; "async/16" in older
    /// reports), which names the configuration.
    /// </summary>
    /// <remarks>A corrupt report is warned about once, when the repetition is analysed.</remarks>
    private static ExperimentLayout SingleRun(string folder)
    {
        var repetition = new RepetitionFolder("1", folder);
        var pool = File.Exists(repetition.ProducerReport)
            ? InputJson.Read<ExperimentReport>(repetition.ProducerReport, new ReportWarnings(folder), "")?.Pools?.FirstOrDefault()
            : null;
        var parts = pool?.Split(['/', ' ', 'x']) ?? [];
        var (replicas, concurrency) = parts.Length switch
        {
            3 => (Count(parts[1]), Count(parts[2])),
            2 => (1, Count(parts[1])),
            _ => (1, null),
        };
        var settings = new ConfigurationManifest
        {
            Name = pool is null ? "run" : string.Join('-', parts),
            ExecutionModel = parts.Length > 0 && parts[0].Length > 0 ? char.ToUpperInvariant(parts[0][0]) + parts[0][1..] : null,
            Concurrency = concurrency,
            Replicas = replicas,
        };
        return new ExperimentLayout(Path.GetFileName(folder), folder, [new ConfigurationFolder(settings, [repetition])]);

        static int? Count(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
    }
}
