namespace Waitinator.AppHost.Infrastructure;

/// <summary>Finds a server program: the configured path, then the usual places, else a message that says what to install.</summary>
public static class ExecutableLocator
{
    public static string Find(string? configured, string settingName, string debianPackage, params string[] candidates)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new LabSettingsException($"{LabSettings.SectionName}:{settingName} names '{configured}', which does not exist.");
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var candidate in candidates)
        {
            if (Path.IsPathRooted(candidate))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                continue;
            }

            var found = path.Select(folder => Path.Combine(folder, candidate)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return found;
            }
        }

        throw new LabSettingsException(
            $"{candidates[^1]} was not found. Install it (sudo apt-get install {debianPackage}), set {LabSettings.SectionName}:{settingName} "
            + $"to its path, or run the servers as containers ({LabSettings.SectionName}:Infrastructure=container).");
    }
}
