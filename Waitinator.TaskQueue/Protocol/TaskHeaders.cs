using System.Text.Json.Nodes;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>The AMQP headers of a Celery protocol v2 task message (celery/app/amqp.py, as_task_v2).</summary>
public sealed record TaskHeaders
{
    public required string Task { get; init; }

    public required string Id { get; init; }

    /// <summary>The sender's language header (Celery: py); null for a message of this engine's own, sent as dotnet.</summary>
    public string? Lang { get; init; }

    public string? RootId { get; init; }

    public string? ParentId { get; init; }

    public string? Group { get; init; }

    public int? GroupIndex { get; init; }

    public int Retries { get; init; }

    public string? Eta { get; init; }

    public string? Expires { get; init; }

    /// <summary>Celery's [hard, soft] time limits in seconds (time_limit, soft_time_limit); null for none.</summary>
    public double?[] TimeLimit { get; init; } = [null, null];

    public string? ArgsRepr { get; init; }

    public string? KwargsRepr { get; init; }

    public string? Origin { get; init; }

    public string? Shadow { get; init; }

    public bool IgnoreResult { get; init; }

    /// <summary>W3C trace context carried beside Celery's own headers; Celery ignores headers it does not know.</summary>
    public string? TraceParent { get; init; }

    /// <summary>When the message was published (header waitinator_sent_at), for the queue-wait histogram; Celery sends none.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>
    /// Sent again after the connection dropped before RabbitMQ confirmed it (header waitinator_republished): an earlier copy
    /// may exist, so a worker checks the result backend before running it.
    /// </summary>
    public bool Republished { get; init; }

    /// <summary>
    /// A message this engine may publish more than once under one task id (a chord callback, a link or chain continuation;
    /// header waitinator_run_once): a worker claims the run in the result backend first, so that however many copies
    /// arrive, one runs.
    /// </summary>
    public bool RunOnce { get; init; }

    /// <summary>
    /// How often a worker gave the message back after a failure outside its task (header waitinator_given_back); at
    /// Worker:DeliveryLimit it goes to the dead-letter queue.
    /// </summary>
    public int GivenBack { get; init; }

    /// <summary>Headers this type does not model, kept so a message can be read without loss.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Other { get; init; } = new Dictionary<string, JsonNode?>();
}
