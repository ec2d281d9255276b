namespace Waitinator.FaultCampaign.Faults;

/// <summary>
/// One fault of the schedule: its kind, its target (a worker's index, a poison kind's index), how long it lasts (how long
/// a server or a worker stays down, how long the Api misbehaves) and the pause after it is healed.
/// </summary>
public sealed record Fault(string Kind, int Target, TimeSpan Lasting, TimeSpan PauseAfter);
