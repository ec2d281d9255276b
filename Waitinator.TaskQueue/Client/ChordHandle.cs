namespace Waitinator.TaskQueue.Client;

/// <summary>A submitted chord: its group, its header task ids in order, and the id its callback's result will have.</summary>
public sealed record ChordHandle(string GroupId, IReadOnlyList<string> HeaderTaskIds, string CallbackTaskId);
