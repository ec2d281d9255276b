using System.Buffers;
using System.Text.Json;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>
/// Writes JSON to a new byte array through a buffer and writer kept per thread: every task stores a result and counts in
/// its chord, and a fresh growing buffer for each would be a large share of a busy worker's allocations (docs/performance.md).
/// </summary>
internal static class JsonBytes
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(1024);
        var json = _threadWriter ??= new Utf8JsonWriter(buffer);
        // Taken off the thread while in use, so a write nested inside another gets its own pair.
        _threadBuffer = null;
        _threadWriter = null;
        try
        {
            json.Reset(buffer);
            write(json, state);
            json.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // One huge result (a chord's summary) must not pin a huge buffer to the thread for good.
            if (buffer.Capacity <= 64 * 1024)
            {
                buffer.ResetWrittenCount();
                _threadBuffer = buffer;
                _threadWriter = json;
            }
        }
    }
}
