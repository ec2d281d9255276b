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
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var json = t_writer ??= new Utf8JsonWriter(buffer);
        // Taken off the thread while in use, so a write nested inside another gets its own pair.
        t_buffer = null;
        t_writer = null;
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
                t_buffer = buffer;
                t_writer = json;
            }
        }
    }
}
