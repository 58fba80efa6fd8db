using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// A kafkaTrigger batch as the Kafka extension binds <c>cardinality: many, dataType: binary</c> for an isolated worker:
/// the records' values as <c>byte[][]</c>, and each record's coordinates in the trigger metadata, one array per field
/// (<see cref="KafkaTriggerMetadata"/>). Nothing is re-encoded: the values go on as the bytes that were in Kafka.
/// </summary>
internal static class KafkaEventBatch
{
    /// <exception cref="MalformedKafkaEventException">A metadata array is missing, of another length, or holds something
    /// that is not the field's; names the array and the element.</exception>
    public static IReadOnlyList<KafkaEventRecord> Decode(IReadOnlyList<byte[]?> values, IReadOnlyDictionary<string, object?> triggerMetadata)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(triggerMetadata);
        var count = values.Count;
        var records = new KafkaEventRecord[count];
        if (count == 0) return records;

        var metadata = new KafkaTriggerMetadata(triggerMetadata, count);
        var offsets = metadata.Offsets();
        var partitions = metadata.Partitions();
        var topics = metadata.Topics();
        var timestamps = metadata.Timestamps();
        var keys = metadata.Keys();
        var headers = metadata.Headers();
        for (var i = 0; i < count; i++)
        {
            records[i] = new KafkaEventRecord(topics[i], partitions[i], offsets[i], timestamps[i], keys[i], values[i] ?? [], headers[i]);
        }
        return records;
    }
}
