using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Waitinator.TaskQueue.Protocol;

namespace Waitinator.TaskQueue.Concurrency;

/// <summary>What a process-model child says first: which child it is, and that its tasks are warm.</summary>
internal sealed record ChildHello(int Index, int ProcessId);

/// <summary>A task handed to a child: what its handler reads of the message, and the caller's trace context.</summary>
internal sealed record ChildRequest(TaskHeaders Headers, JsonArray Args, JsonObject Kwargs, bool Redelivered, string Queue, string? TraceParent);

/// <summary>
/// A child's answer: the handler's result, or what it threw: a retry (with its countdown), a rejection (arguments the
/// task can never use) or a failure, each with the exception's type, message and stack trace.
/// </summary>
internal sealed record ChildAnswer(JsonNode? Result, string? ErrorType = null, string? Error = null, string? Traceback = null, double? RetryInSeconds = null, bool Rejected = false);

[JsonSerializable(typeof(ChildHello))]
[JsonSerializable(typeof(ChildRequest))]
[JsonSerializable(typeof(ChildAnswer))]
internal sealed partial class ChildFrameJsonContext : JsonSerializerContext;

/// <summary>
/// Frames between a supervisor and its children on their socket: a 4-byte big-endian length, then that much UTF-8 JSON.
/// Small and self-describing, so a child needs no broker or backend connection of its own.
/// </summary>
internal static class ChildFrames
{
    /// <summary>A chord callback's results can be large; anything past this is a broken stream, not a frame.</summary>
    private const int MaxFrameBytes = 256 * 1024 * 1024;

    public static async Task WriteAsync<T>(Stream stream, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, type);
        var frame = new byte[4 + json.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, json.Length);
        json.CopyTo(frame, 4);
        await stream.WriteAsync(frame, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>The next frame, or null when the other side closed the stream between frames.</summary>
    public static async Task<T?> ReadAsync<T>(Stream stream, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var header = new byte[4];
        if (!await FillAsync(stream, header, cancellationToken))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is < 0 or > MaxFrameBytes)
        {
            throw new InvalidDataException($"A frame of {length} bytes: the stream is broken.");
        }

        var json = new byte[length];
        if (!await FillAsync(stream, json, cancellationToken))
        {
            throw new EndOfStreamException("The stream ended inside a frame.");
        }

        return JsonSerializer.Deserialize(json, type) ?? throw new InvalidDataException("An empty frame.");
    }

    private static async Task<bool> FillAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (count == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("The stream ended inside a frame.");
            }

            read += count;
        }

        return true;
    }
}
