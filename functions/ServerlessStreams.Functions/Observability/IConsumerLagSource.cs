namespace ServerlessStreams.Functions.Observability;

/// <summary>Where the consumer lag of a group on a topic comes from: the broker (<see cref="Kafka.KafkaConsumerLag"/>).</summary>
internal interface IConsumerLagSource
{
    Task<ConsumerLag> ReadAsync(string group, string topic, CancellationToken ct);
}
