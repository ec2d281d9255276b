using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>
/// A task's result as Celery's key-value backends store it under celery-task-meta-&lt;id&gt;
/// (celery/backends/base.py, _get_result_meta and _store_result).
/// </summary>
public sealed record TaskResult(string TaskId, string Status, JsonNode? Result, string? Traceback, DateTime? DateDone)
{
    public string? GroupId { get; init; }

    public string? ParentId { get; init; }

    public static TaskResult Success(string taskId, JsonNode? result, TaskHeaders? headers = null) =>
        new(taskId, TaskStates.Success, result, null, DateTime.UtcNow) { GroupId = headers?.Group, ParentId = headers?.ParentId };

    /// <summary>
    /// A failure in Celery's JSON form of an exception: {exc_type, exc_message, exc_module}; <paramref name="module"/> is
    /// the Python module a Celery client finds the exception type in (celery.exceptions for ChordError, say).
    /// </summary>
    public static TaskResult Failure(string taskId, string exceptionType, string message, string? traceback, TaskHeaders? headers = null, string module = "builtins") =>
        new(taskId, TaskStates.Failure, new JsonObject
        {
            ["exc_type"] = exceptionType,
            ["exc_message"] = new JsonArray(message),
            ["exc_module"] = module,
        }, traceback, DateTime.UtcNow) { GroupId = headers?.Group, ParentId = headers?.ParentId };

    /// <summary>Celery's REVOKED state, as an expired task stores it: a TaskRevokedError saying why.</summary>
    public static TaskResult Revoked(string taskId, string reason, TaskHeaders? headers = null) =>
        new(taskId, TaskStates.Revoked, new JsonObject
        {
            ["exc_type"] = "TaskRevokedError",
            ["exc_message"] = new JsonArray(reason),
            ["exc_module"] = "celery.exceptions",
        }, null, DateTime.UtcNow) { GroupId = headers?.Group, ParentId = headers?.ParentId };

    /// <summary>Celery's RETRY state: the task will run again; the result holds the error that made it retry.</summary>
    public static TaskResult Retry(string taskId, Exception cause, TaskHeaders? headers = null) =>
        new(taskId, TaskStates.Retry, new JsonObject
        {
            ["exc_type"] = cause.GetType().Name,
            ["exc_message"] = new JsonArray(cause.Message),
            ["exc_module"] = "builtins",
        }, null, DateTime.UtcNow) { GroupId = headers?.Group, ParentId = headers?.ParentId };

    /// <summary>Writes the JSON straight to bytes: a result is stored for every task, so no intermediate tree is built.</summary>
    public byte[] ToJson() => JsonBytes.Write(this, static (json, result) => result.WriteTo(json));

    private void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("status", Status);
        json.WriteNode("result", Result);
        json.WriteString("traceback", Traceback);
        json.WriteStartArray("children");
        json.WriteEndArray();
        if (DateDone is { } done)
        {
            json.WriteString("date_done", IsoFormat(done, stackalloc byte[32]));
        }
        else
        {
            json.WriteNull("date_done");
        }

        if (GroupId is not null)
        {
            json.WriteString("group_id", GroupId);
        }

        if (ParentId is not null)
        {
            json.WriteString("parent_id", ParentId);
        }

        json.WriteString("task_id", TaskId);
        json.WriteEndObject();
    }

    /// <summary>
    /// Python's datetime.isoformat() of a naive UTC time: no offset, microseconds. The round-trip format with its seventh
    /// fractional digit and zone dropped, where a custom format string would be parsed again for every result.
    /// </summary>
    private static ReadOnlySpan<byte> IsoFormat(DateTime time, Span<byte> buffer)
    {
        DateTime.SpecifyKind(time, DateTimeKind.Unspecified).TryFormat(buffer, out var written, "O", CultureInfo.InvariantCulture);
        return buffer[..(written - 1)];
    }

    public static TaskResult FromJson(ReadOnlySpan<byte> json)
    {
        var meta = JsonNode.Parse(json) as JsonObject ?? throw new MalformedMessageException("A result must be a JSON object.");
        var dateDone = meta["date_done"]?.GetValue<string>();
        return new TaskResult(
            meta["task_id"]?.GetValue<string>() ?? string.Empty,
            meta["status"]?.GetValue<string>() ?? TaskStates.Pending,
            meta["result"]?.DeepClone(),
            meta["traceback"]?.GetValue<string>(),
            dateDone is null ? null : DateTime.Parse(dateDone, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal))
        {
            GroupId = meta["group_id"]?.GetValue<string>(),
            ParentId = meta["parent_id"]?.GetValue<string>(),
        };
    }
}
