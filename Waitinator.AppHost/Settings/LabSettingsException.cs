namespace Waitinator.AppHost.Settings;

/// <summary>A Lab or Worker setting, or an experiment file, that the lab cannot run with; the message says which and why.</summary>
public sealed class LabSettingsException(string message) : Exception(message)
{
    /// <summary>The AppHost's exit code for bad settings, as the services' (SettingsCheck.BadSettingsExitCode).</summary>
    public const int ExitCode = 2;
}
