namespace Waitinator.Reporter.Input;

/// <summary>The parts of producer-report.json the reporter uses: a cross-check of the database and the slot count.</summary>
public sealed record ProducerReport
{
    public int? TaskCount { get; init; }

    public double? MeanTaskSeconds { get; init; }

    public double? TotalSeconds { get; init; }

    public int? Slots { get; init; }

    public double? IdealSeconds { get; init; }

    /// <summary>Like "async/16": names a single run's configuration when there is no configuration.json.</summary>
    public IReadOnlyList<string>? Pools { get; init; }
}
