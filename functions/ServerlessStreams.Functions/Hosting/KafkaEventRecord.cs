namespace ServerlessStreams.Functions.Hosting;

/// <summary>One Kafka record as a kafkaTrigger invocation carries it.</summary>
/// <param name="Timestamp">The record timestamp in epoch milliseconds (UTC).</param>
/// <param name="Key">The record key as UTF-8 text; null when the record has no key.</param>
/// <param name="Value">The record value as UTF-8 text; empty for a record without a value.</param>
public sealed record KafkaEventRecord(
    string Topic,
    int Partition,
    long Offset,
    long Timestamp,
    string? Key,
    string Value,
    EquatableArray<KafkaHeader> Headers)
{
    public KafkaEventRecord(string topic, int partition, long offset, long timestamp, string? key, string value)
        : this(topic, partition, offset, timestamp, key, value, EquatableArray<KafkaHeader>.Empty)
    {
    }

    public override string ToString() => $"{Topic}/{Partition}@{Offset}";
}
