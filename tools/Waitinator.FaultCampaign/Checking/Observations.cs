using Waitinator.FaultCampaign.History;

namespace Waitinator.FaultCampaign.Checking;

/// <summary>Everything the checker reads once the campaign is over: the history and the final state of every store.</summary>
public sealed record Observations(
    IReadOnlyList<HistoryEvent> History,
    IReadOnlyDictionary<string, TaskRow> Tasks,
    IReadOnlyDictionary<string, SummaryRow> Summaries,
    IReadOnlySet<string> ApiRequests,
    IReadOnlyDictionary<string, StoredResult> Results,
    IReadOnlyList<DeadLetterRecord> DeadLetters,
    IReadOnlyList<LeftoverMessage> Leftovers);
