using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Waitinator.FaultCampaign.History;

/// <summary>
/// One line of the campaign's history, in the manner of Jepsen's: an operation's invocation and its completion (ok, fail,
/// or info when its outcome is unknown, as for a producer killed mid-submit), the nemesis's faults, and every result
/// the backend published, each with the time it was seen.
/// </summary>
public sealed record HistoryEvent(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("process")] string Process,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("value")] JsonObject Value)
{
    public const string Invoke = "invoke";
    public const string Ok = "ok";
    public const string Fail = "fail";
    public const string Info = "info";

    /// <summary>A chord submitted by a producer: group, callback, headers.</summary>
    public const string Submit = "submit";

    /// <summary>A fault the nemesis injects (invoke) and heals (ok): kind, target, seconds.</summary>
    public const string Fault = "fault";

    /// <summary>A message that can never run, published by the campaign: id, kind, the dead-letter reason expected.</summary>
    public const string Poison = "poison";

    /// <summary>A result the backend published: id, status, date_done, a hash of what was stored.</summary>
    public const string Result = "result";
}
