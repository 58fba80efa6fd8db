using ServerlessStreams.Functions.Kafka;

namespace ServerlessStreams.Functions.Ingestion;

/// <summary>Produces ingested records and returns, once Kafka has acknowledged every one, where each landed.</summary>
internal interface IIngestPublisher
{
    /// <summary>Throws <see cref="KafkaDeliveryException"/> when any record was not delivered.</summary>
    Task<IReadOnlyList<DeliveredRecord>> PublishAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken ct);
}

/// <summary>The Kafka publisher: an idempotent producer with acks=all, owned (disposing flushes it).</summary>
internal sealed class KafkaIngestPublisher(SegmentProducer producer) : IIngestPublisher, IDisposable
{
    public Task<IReadOnlyList<DeliveredRecord>> PublishAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken ct) =>
        producer.ProduceReportedAsync(records, ct);

    public void Dispose() => producer.Dispose();
}
