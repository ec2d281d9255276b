namespace Waitinator.FaultCampaign.Checking;

/// <summary>A message read from the dead-letter queue.</summary>
public sealed record DeadLetterRecord(string Id, string ErrorType, string Reason, string Queue);
