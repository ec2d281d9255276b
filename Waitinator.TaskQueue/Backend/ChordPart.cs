using System.Text.Json.Nodes;

namespace Waitinator.TaskQueue.Backend;

/// <summary>One header task's outcome as the Redis backend keeps it for its chord: [1, task id, state, result].</summary>
public sealed record ChordPart(string TaskId, string State, JsonNode? Result);
