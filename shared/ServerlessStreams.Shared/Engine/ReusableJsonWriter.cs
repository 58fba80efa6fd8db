using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ServerlessStreams.Engine;

/// <summary>
/// Writes small JSON documents to strings or UTF-8 bytes through one buffer and writer per thread. A fresh Utf8JsonWriter over a
/// fresh buffer costs a 4 KiB allocation on its first write, which on the per-commit path outweighs the document.
/// </summary>
internal static class ReusableJsonWriter
{
    private const int MaxKeptCapacity = 1 << 20;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> write) =>
        Write(state, write, static bytes => Encoding.UTF8.GetString(bytes));

    public static byte[] WriteUtf8<TState>(TState state, Action<Utf8JsonWriter, TState> write) =>
        Write(state, write, static bytes => bytes.ToArray());

    private static TResult Write<TState, TResult>(TState state, Action<Utf8JsonWriter, TState> write, Func<ReadOnlySpan<byte>, TResult> read)
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ?? new Utf8JsonWriter(buffer);
        // Taken out while in use, so a nested call on the same thread gets its own.
        t_buffer = null;
        t_writer = null;
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        write(writer, state);
        writer.Flush();
        var result = read(buffer.WrittenSpan);
        if (buffer.Capacity <= MaxKeptCapacity)
        {
            t_buffer = buffer;
            t_writer = writer;
        }
        return result;
    }
}
