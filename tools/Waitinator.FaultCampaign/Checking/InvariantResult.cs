namespace Waitinator.FaultCampaign.Checking;

/// <summary>One invariant as checked: its name, how many cases it checked, and its violations.</summary>
/// <param name="Excused">Cases that broke the invariant for a reason the README states it does not cover (a Redis crash's lost last second).</param>
public sealed record InvariantResult(string Name, int Checked, IReadOnlyList<Violation> Violations, int Excused = 0, string? ExcusedBecause = null);
