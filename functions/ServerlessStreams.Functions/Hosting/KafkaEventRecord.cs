using System.Text;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// One Kafka record as a kafkaTrigger invocation carries it. Records compare by content, value bytes included.
/// </summary>
/// <param name="Timestamp">The record timestamp in epoch milliseconds (UTC).</param>
/// <param name="Key">The record key as UTF-8 text; null when the record has no key.</param>
/// <param name="Value">The record value's bytes as they are in Kafka; empty for a record without a value.</param>
internal sealed record KafkaEventRecord(
    string Topic,
    int Partition,
    long Offset,
    long Timestamp,
    string? Key,
    byte[] Value,
    EquatableArray<KafkaHeader> Headers)
{
    /// <summary>A record whose value is <paramref name="value"/> in UTF-8.</summary>
    public KafkaEventRecord(string topic, int partition, long offset, long timestamp, string? key, string value)
        : this(topic, partition, offset, timestamp, key, Encoding.UTF8.GetBytes(value), EquatableArray<KafkaHeader>.Empty)
    {
    }

    /// <summary>A record whose value is <paramref name="value"/> in UTF-8.</summary>
    public KafkaEventRecord(string topic, int partition, long offset, long timestamp, string? key, string value, EquatableArray<KafkaHeader> headers)
        : this(topic, partition, offset, timestamp, key, Encoding.UTF8.GetBytes(value), headers)
    {
    }

    /// <summary>The value as UTF-8 text (bytes that are not UTF-8 read as U+FFFD).</summary>
    public string ValueText => Encoding.UTF8.GetString(Value);

    public bool Equals(KafkaEventRecord? other) =>
        other is not null && Topic == other.Topic && Partition == other.Partition && Offset == other.Offset &&
        Timestamp == other.Timestamp && Key == other.Key && Value.AsSpan().SequenceEqual(other.Value) && Headers == other.Headers;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Topic);
        hash.Add(Partition);
        hash.Add(Offset);
        hash.Add(Timestamp);
        hash.Add(Key);
        hash.AddBytes(Value);
        hash.Add(Headers);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Topic}/{Partition}@{Offset}";
}
