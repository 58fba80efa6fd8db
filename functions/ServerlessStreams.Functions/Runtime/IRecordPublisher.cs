using ServerlessStreams.Functions.Kafka;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>Produces records to Kafka and returns only when every one is acknowledged (a failure throws).</summary>
internal interface IRecordPublisher
{
    Task PublishAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken ct);
}

/// <summary>The Kafka publisher: an idempotent producer with acks=all.</summary>
internal sealed class KafkaRecordPublisher(SegmentProducer producer) : IRecordPublisher
{
    public Task PublishAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken ct) =>
        records.Count == 0 ? Task.CompletedTask : producer.ProduceAsync(records, ct);
}
