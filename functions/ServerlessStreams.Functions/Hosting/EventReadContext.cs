using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>What <see cref="KafkaEventBatchReader"/> and <see cref="KafkaEventObjectReader"/> reuse across one batch.</summary>
internal sealed class EventReadContext : IDisposable
{
    private byte[] _lastTopicUtf8 = [];
    private string? _lastTopic;

    /// <param name="scratchLength">The longest event text: unescaping never lengthens, so the array text's length.</param>
    public EventReadContext(int scratchLength)
    {
        Scratch = ArrayPool<byte>.Shared.Rent(scratchLength);
    }

    /// <summary>A pooled buffer for one event's unescaped JSON.</summary>
    public byte[] Scratch { get; private set; }

    /// <summary>A batch is mostly one topic: the same string serves every record of it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string Topic(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped) return reader.GetString()!;
        if (_lastTopic is not null && reader.ValueSpan.SequenceEqual(_lastTopicUtf8)) return _lastTopic;
        _lastTopic = reader.GetString()!;
        _lastTopicUtf8 = reader.ValueSpan.ToArray();
        return _lastTopic;
    }

    public void Dispose()
    {
        var scratch = Scratch;
        Scratch = [];
        if (scratch.Length > 0) ArrayPool<byte>.Shared.Return(scratch);
    }
}
