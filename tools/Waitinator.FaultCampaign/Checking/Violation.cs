namespace Waitinator.FaultCampaign.Checking;

/// <summary>A broken promise, with the ids of the tasks it concerns, so that they can be looked up in the history.</summary>
public sealed record Violation(string Message, IReadOnlyList<string> TaskIds);
