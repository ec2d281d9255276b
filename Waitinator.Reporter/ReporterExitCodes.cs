namespace Waitinator.Reporter;

/// <summary>What the reporter's exit code says.</summary>
public static class ReporterExitCodes
{
    /// <summary>At least one repetition was reported (warnings may list what was skipped).</summary>
    public const int Reported = 0;

    /// <summary>A results folder, but not one repetition in it could be reported.</summary>
    public const int NothingReported = 1;

    /// <summary>The folder is not a results folder, nor holds one.</summary>
    public const int NotAResultsFolder = 2;
}
