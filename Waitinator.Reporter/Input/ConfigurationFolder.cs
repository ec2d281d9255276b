namespace Waitinator.Reporter.Input;

/// <summary>A configuration, its settings (Name always set) and its repetitions in order.</summary>
public sealed record ConfigurationFolder(ConfigurationManifest Settings, IReadOnlyList<RepetitionFolder> Repetitions)
{
    public string Name => Settings.Name!;
}
