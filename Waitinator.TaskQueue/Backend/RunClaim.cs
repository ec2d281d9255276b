namespace Waitinator.TaskQueue.Backend;

/// <summary>What claiming a run-once task's run told.</summary>
public enum RunClaim
{
    /// <summary>The run is this worker's: run the task, then store its result with the claim.</summary>
    Claimed,

    /// <summary>Another worker runs this task now, and renews its claim: wait for its result, or for the claim to lapse.</summary>
    HeldElsewhere,

    /// <summary>The task has run (its result or retry is stored): do not run it again.</summary>
    Done,
}
