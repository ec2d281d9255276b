namespace Waitinator.FaultCampaign.Checking;

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
