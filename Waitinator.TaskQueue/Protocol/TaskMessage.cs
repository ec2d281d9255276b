using System.Text.Json.Nodes;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>
/// One Celery protocol v2 task: headers, and the body [args, kwargs, {callbacks, errbacks, chain, chord}].
/// </summary>
public sealed record TaskMessage(TaskHeaders Headers, JsonArray Args, JsonObject Kwargs)
{
    private Signature? _chord;
    private readonly byte[]? _chordJson;

    /// <summary>The chord callback, when this task is one of a chord's header tasks.</summary>
    public Signature? Chord
    {
        get => _chord ??= _chordJson is null ? null : Signature.FromJson(_chordJson);
        init => _chord = value;
    }

    /// <summary>Whether this task is one of a chord's header tasks, without parsing the callback.</summary>
    public bool HasChord => _chord is not null || _chordJson is not null;

    /// <summary>
    /// A decoded message's callback as it arrived, parsed on first use: every header task of a chord carries it, but only
    /// the last one to finish fires it. Kept as bytes it costs a few hundred bytes a task in flight instead of a tree of nodes.
    /// </summary>
    internal byte[]? ChordJson { get => _chord is null ? _chordJson : null; init => _chordJson = value; }

    /// <summary>Where a waiting client expects replies (Celery sets it; the Redis backend does not use it).</summary>
    public string? ReplyTo { get; init; }

    /// <summary>The queue a signature's options named for this task; null routes it by its name (Celery's task_routes).</summary>
    public string? Queue { get; init; }

    /// <summary>Celery's link: signatures applied with this task's result once it succeeds.</summary>
    public JsonArray? Callbacks { get; init; }

    /// <summary>Celery's link_error: signatures applied with this task's id once it fails.</summary>
    public JsonArray? Errbacks { get; init; }

    /// <summary>What follows this task in a Celery chain, in reversed order: the last one is applied next, with this task's result.</summary>
    public JsonArray? Chain { get; init; }
}
