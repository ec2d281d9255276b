namespace Waitinator.Contracts.Settings;

/// <summary>How long GET /waitinate sleeps and where it records each request (configuration section "Api").</summary>
public sealed record ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Shortest sleep before scaling, in seconds (the original webserver: 180).</summary>
    public double MinSleepSeconds { get; init; } = 180;

    /// <summary>Longest sleep before scaling, in seconds (the original webserver: 210).</summary>
    public double MaxSleepSeconds { get; init; } = 210;

    /// <summary>Multiplies every sleep: 0.01 turns 3 minutes into about 2 seconds; 0 answers at once.</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>Seeds the random sleeps so that a run can be repeated; unset means a new sequence each start.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Fault injection: the share of requests (0 to 1) answered at once with HTTP 500 and not recorded, drawn from the
    /// same seeded sequence as the sleeps. Shows how workers retry a failing Api; 0 (the default) never fails.
    /// </summary>
    public double FailureRate { get; init; }

    /// <summary>The SQLite file that records every request.</summary>
    public string DatabasePath { get; init; } = "waitinator-api.db";
}
