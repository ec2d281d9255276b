namespace Waitinator.AppHost;

/// <summary>A setting that stops the lab before anything starts; the message says what to change.</summary>
public sealed class LabSettingsException(string message) : Exception(message);
