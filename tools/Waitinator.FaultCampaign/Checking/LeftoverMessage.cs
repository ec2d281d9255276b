namespace Waitinator.FaultCampaign.Checking;

/// <summary>A message still in a task queue once the campaign's work is done.</summary>
public sealed record LeftoverMessage(string Queue, string? Id);
