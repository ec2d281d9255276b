namespace Waitinator.FaultCampaign.Checking;

/// <summary>What the checker found: each invariant with how many cases it checked, its violations, and what it excused and why.</summary>
public sealed record CheckReport(IReadOnlyList<InvariantResult> Invariants, CampaignFigures Figures)
{
    public bool Holds => Invariants.All(invariant => invariant.Violations.Count == 0);
}

/// <param name="Excused">Cases that broke the invariant for a reason the README states it does not cover (a Redis crash's lost last second).</param>
public sealed record InvariantResult(string Name, int Checked, IReadOnlyList<Violation> Violations, int Excused = 0, string? ExcusedBecause = null);

public sealed record Violation(string Message, IReadOnlyList<string> TaskIds);

/// <summary>The campaign's figures, for its report.</summary>
public sealed record CampaignFigures
{
    public int ChordsSubmitted { get; init; }

    public int ChordsOfKilledProducers { get; init; }

    public int ChordsCompleted { get; init; }

    public int ChordsFailedWithChordError { get; init; }

    public int ChordsLostToRedisCrash { get; init; }

    public int CallbacksRunTwice { get; init; }

    public int TasksLost { get; init; }

    public int ResultsLostToRedisCrash { get; init; }

    public int ResultsOverwritten { get; init; }

    public int HeaderTasksRunMoreThanOnce { get; init; }

    public int TasksRun { get; init; }

    public int PoisonPublished { get; init; }

    public int PoisonDeadLettered { get; init; }

    public int DeadLetterDuplicates { get; init; }

    public int TasksDeadLetteredAtTheDeliveryLimit { get; init; }

    public int LeftoverDuplicates { get; init; }

    public int RedisCrashes { get; init; }
}
