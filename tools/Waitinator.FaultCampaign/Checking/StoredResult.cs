using System.Text.Json.Nodes;

namespace Waitinator.FaultCampaign.Checking;

/// <summary>A result as Redis holds it at the end; <see cref="Hash"/> is computed as the observer computes it.</summary>
public sealed record StoredResult(string Status, string? DateDone, string Hash, JsonNode? Result);
