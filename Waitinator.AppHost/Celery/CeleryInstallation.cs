using System.Diagnostics;

namespace Waitinator.AppHost.Celery;

/// <summary>
/// The Python that runs the lab's Celery workers, and the check, before anything starts, that it can import Celery and
/// each pool an experiment asks for, naming the Debian package that brings a missing one.
/// </summary>
public sealed record CeleryInstallation(string Python, string AppDirectory)
{
    /// <summary>Python module to Debian package, for what a Celery worker of the lab imports.</summary>
    private static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["celery"] = "python3-celery",
        ["redis"] = "python3-redis",
        ["gevent"] = "python3-gevent",
        ["eventlet"] = "python3-eventlet",
    };

    public static CeleryInstallation Locate(LabSettings settings, string repositoryRoot) => new(
        ExecutableLocator.Find(settings.PythonPath, nameof(LabSettings.PythonPath), "python3-celery", "/usr/bin/python3", "python3"),
        Path.Combine(repositoryRoot, "celery"));

    /// <summary>The modules a pool needs besides Celery and redis-py.</summary>
    public static IEnumerable<string> ModulesFor(Experiments.CeleryPool pool) => pool switch
    {
        Experiments.CeleryPool.Gevent => ["gevent"],
        Experiments.CeleryPool.Eventlet => ["eventlet"],
        _ => [],
    };

    /// <summary>Imports each module in this Python; returns the ones it cannot import.</summary>
    public IReadOnlyList<string> Missing(IEnumerable<string> modules)
    {
        var wanted = modules.Distinct(StringComparer.Ordinal).ToList();
        var script = "import importlib, sys\n"
            + "for name in sys.argv[1:]:\n"
            + "    try:\n        importlib.import_module(name)\n"
            + "    except Exception:\n        print(name)\n";
        var start = new ProcessStartInfo(Python, ["-c", script, .. wanted])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppDirectory,
        };
        using var process = Process.Start(start) ?? throw new LabSettingsException($"{Python} could not be started.");
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new LabSettingsException($"{Python} did not answer within a minute when asked to import {string.Join(", ", wanted)}.");
        }

        return process.ExitCode == 0
            ? [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : throw new LabSettingsException($"{Python} failed ({process.ExitCode}) when asked to import {string.Join(", ", wanted)}: {process.StandardError.ReadToEnd().Trim()}");
    }

    /// <summary>The Debian package that brings a Python module.</summary>
    public static string PackageOf(string module) => Packages.GetValueOrDefault(module) ?? $"python3-{module}";
}
