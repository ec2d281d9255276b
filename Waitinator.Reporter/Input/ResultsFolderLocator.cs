using Waitinator.Contracts.Results;
using System.Globalization;

namespace Waitinator.Reporter.Input;

/// <summary>Decides what a folder given on the command line is, and finds the latest results in results/EXPERIMENT.</summary>
public static class ResultsFolderLocator
{
    public const string ExperimentFile = ExperimentFiles.Experiment;
    public const string ConfigurationFile = ExperimentFiles.Configuration;
    public const string RunFile = RepetitionLayout.RunFileName;

    /// <summary>The results folder, or null when the folder is none (nor holds one).</summary>
    public static ResultsFolder? Resolve(string path)
    {
        var folder = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        if (IsExperimentFolder(folder))
        {
            return new ResultsFolder(folder, IsSingleRun: false, Note: null);
        }

        if (IsRepetitionFolder(folder))
        {
            return new ResultsFolder(folder, IsSingleRun: true, Note: $"{folder} is a single run: reported as one configuration with one repetition.");
        }

        // results/EXPERIMENT holds one folder per start, named by its UTC timestamp: the latest sorts last.
        var timestamps = VisibleSubfolders(folder).Where(IsExperimentFolder).ToList();
        if (timestamps.Count == 0)
        {
            return null;
        }

        var latest = timestamps.Max(StringComparer.Ordinal)!;
        return new ResultsFolder(latest, IsSingleRun: false,
            Note: $"{folder} holds {timestamps.Count} results folder(s): reporting the latest, {System.IO.Path.GetFileName(latest)}.");
    }

    public static bool IsExperimentFolder(string folder) =>
        File.Exists(System.IO.Path.Combine(folder, ExperimentFile)) || VisibleSubfolders(folder).Any(IsConfigurationFolder);

    /// <summary>
    /// A folder with configuration.json or with a numbered repetition folder in it (numbered: the experiment's monitor/
    /// folder holds a telemetry/ folder too, and is no configuration).
    /// </summary>
    public static bool IsConfigurationFolder(string folder) =>
        File.Exists(System.IO.Path.Combine(folder, ConfigurationFile)) || VisibleSubfolders(folder).Any(IsNumberedRepetitionFolder);

    public static bool IsNumberedRepetitionFolder(string folder) =>
        int.TryParse(System.IO.Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out _) && IsRepetitionFolder(folder);

    /// <summary>A folder with run.json or the api/, worker/, producer/ or telemetry/ folders that a run writes.</summary>
    public static bool IsRepetitionFolder(string folder) =>
        File.Exists(System.IO.Path.Combine(folder, RunFile)) || RepetitionLayout.Parts.Any(part => Directory.Exists(System.IO.Path.Combine(folder, part)));

    /// <summary>Subfolders except hidden ones such as the runner's .staging.</summary>
    public static IEnumerable<string> VisibleSubfolders(string folder)
    {
        try
        {
            return Directory.GetDirectories(folder).Where(d => !System.IO.Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
