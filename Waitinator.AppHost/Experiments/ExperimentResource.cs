namespace Waitinator.AppHost.Experiments;

/// <summary>
/// The experiment itself in the dashboard, beside the processes it starts: its state says which configuration and
/// repetition runs and how many tasks are done, its properties where the results and the report are, and its command
/// stops it after the running repetition.
/// </summary>
public sealed class ExperimentResource(string name) : Resource(name)
{
    public const string ResourceName = "experiment";
    public const string StopAfterRepetitionCommand = "stop-after-repetition";

    private int _stopRequested;

    /// <summary>Set from the dashboard: the runner finishes the running repetition, then reports what it has.</summary>
    public bool StopRequested => Volatile.Read(ref _stopRequested) == 1;

    /// <summary>True the first time only.</summary>
    public bool RequestStop() => Interlocked.Exchange(ref _stopRequested, 1) == 0;
}
