using System.Text.Json.Nodes;
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

/// <summary>A waitinate task's row in the workers' SQLite file.</summary>
public sealed record TaskRow(string TaskId, string RequestId, DateTimeOffset EndedAt, long Runs);

/// <summary>A summarize task's (a chord callback's) row in the workers' SQLite file.</summary>
public sealed record SummaryRow(string TaskId, long Runs, IReadOnlyList<string> HeaderTaskIds, DateTimeOffset RecordedAt);

/// <summary>A result as Redis holds it at the end; <see cref="Hash"/> is computed as the observer computes it.</summary>
public sealed record StoredResult(string Status, string? DateDone, string Hash, JsonNode? Result);

/// <summary>A message read from the dead-letter queue.</summary>
public sealed record DeadLetterRecord(string Id, string ErrorType, string Reason, string Queue);

/// <summary>A message still in a task queue once the campaign's work is done.</summary>
public sealed record LeftoverMessage(string Queue, string? Id);
