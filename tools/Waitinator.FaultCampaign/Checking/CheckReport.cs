namespace Waitinator.FaultCampaign.Checking;

/// <summary>What the checker found: each invariant with how many cases it checked, its violations, and what it excused and why.</summary>
public sealed record CheckReport(IReadOnlyList<InvariantResult> Invariants, CampaignFigures Figures)
{
    public bool Holds => Invariants.All(invariant => invariant.Violations.Count == 0);
}
