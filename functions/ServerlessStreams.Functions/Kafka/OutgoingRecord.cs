using System.Text;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>
/// One record a stage sends downstream: its topic, Kafka key, value and headers. The segment id
/// travels in the <see cref="SegmentId.HeaderName"/> header so the next stage can de-duplicate.
/// </summary>
internal sealed record OutgoingRecord
{
    public OutgoingRecord(string topic, string? key, ReadOnlyMemory<byte> value, SegmentId? id = null, IReadOnlyList<KeyValuePair<string, byte[]>>? headers = null)
    {
        if (string.IsNullOrWhiteSpace(topic))
        {
            throw new ArgumentException("An outgoing record needs a topic.", nameof(topic));
        }

        Topic = topic;
        Key = key;
        Value = value;
        Id = id;
        Headers = headers ?? [];
    }

    public string Topic { get; }

    public string? Key { get; }

    public ReadOnlyMemory<byte> Value { get; }

    public SegmentId? Id { get; }

    /// <summary>Headers besides the segment id, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Headers { get; }

    /// <summary>A record whose value is <paramref name="value"/> in UTF-8, typically a segment's JSON.</summary>
    public static OutgoingRecord FromString(string topic, string? key, string value, SegmentId? id = null, IReadOnlyList<KeyValuePair<string, byte[]>>? headers = null) =>
        new(topic, key, Encoding.UTF8.GetBytes(value), id, headers);
}
