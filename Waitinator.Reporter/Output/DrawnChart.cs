namespace Waitinator.Reporter.Output;

/// <summary>One chart (path without extension): a comparison (Configuration null) or one process of one repetition.</summary>
public sealed record DrawnChart(string Title, string Path, string? Configuration = null, string? Repetition = null, string? Process = null);
