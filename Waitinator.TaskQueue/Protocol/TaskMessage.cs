using System.Text.Json.Nodes;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>
/// One Celery protocol v2 task: headers, and the body [args, kwargs, {callbacks, errbacks, chain, chord}].
/// </summary>
public sealed record TaskMessage(TaskHeaders Headers, JsonArray Args, JsonObject Kwargs)
{
    /// <summary>The chord callback, when this task is one of a chord's header tasks.</summary>
    public Signature? Chord { get; init; }

    /// <summary>Where a waiting client expects replies (Celery sets it; the Redis backend does not use it).</summary>
    public string? ReplyTo { get; init; }

    public JsonArray? Callbacks { get; init; }

    public JsonArray? Errbacks { get; init; }

    public JsonArray? Chain { get; init; }
}
