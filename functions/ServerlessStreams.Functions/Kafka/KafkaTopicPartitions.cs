using System.Collections.Concurrent;
using Confluent.Kafka;
using ServerlessStreams.Functions.Runtime;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>Partition counts from the broker's metadata, asked once per topic.</summary>
public sealed class KafkaTopicPartitions(KafkaClientSettings settings) : ITopicPartitions, IDisposable
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Lazy<IAdminClient> _admin = new(() =>
    {
        var producer = settings.ToProducerConfig();
        return new AdminClientBuilder(new AdminClientConfig
        {
            BootstrapServers = producer.BootstrapServers,
            SecurityProtocol = producer.SecurityProtocol,
            SaslMechanism = producer.SaslMechanism,
            SaslUsername = producer.SaslUsername,
            SaslPassword = producer.SaslPassword,
        }).Build();
    });

    public Task<int> CountAsync(string topic, CancellationToken ct)
    {
        if (_counts.TryGetValue(topic, out var known)) return Task.FromResult(known);
        return Task.Run(() =>
        {
            var metadata = _admin.Value.GetMetadata(topic, TimeSpan.FromSeconds(10));
            var count = metadata.Topics.FirstOrDefault(t => t.Topic == topic)?.Partitions.Count ?? 0;
            if (count > 0) _counts[topic] = count;
            return count;
        }, ct);
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
