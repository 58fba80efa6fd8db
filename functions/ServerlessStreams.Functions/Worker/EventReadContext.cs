using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ServerlessStreams.Functions.Worker;

/// <summary>What <see cref="KafkaEventObjectReader"/> reuses across one batch.</summary>
internal sealed class EventReadContext
{
    private byte[] _lastTopicUtf8 = [];
    private string? _lastTopic;

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
}
