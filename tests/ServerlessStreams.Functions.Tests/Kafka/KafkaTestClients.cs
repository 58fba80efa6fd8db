using Confluent.Kafka;

namespace ServerlessStreams.Functions.Tests.Kafka;

/// <summary>Plain Confluent clients for checking what reached an embedded cluster; every wait is bounded.</summary>
internal static class KafkaTestClients
{
    public static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(30);

    public static IProducer<string?, string> Producer(string bootstrapServers, bool idempotent = false) =>
        new ProducerBuilder<string?, string>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = idempotent,
            Acks = Acks.All,
            // Fail fast instead of waiting for a topic that auto-creation would make with the wrong partition count.
            AllowAutoCreateTopics = false,
        })
            .SetLogHandler((_, _) => { })
            .Build();

    public static ConsumerConfig ConsumerConfig(string bootstrapServers, string groupId) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        // The mock cluster waits session.timeout.ms - 1 s for members after one leaves or joins late.
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
    };

    /// <summary>
    /// Reads <paramref name="expected"/> records from every partition of <paramref name="topic"/>, from
    /// the beginning, and fails the test if they do not all arrive within <see cref="ConsumeTimeout"/>.
    /// </summary>
    public static List<ConsumeResult<byte[]?, byte[]>> ReadAll(string bootstrapServers, string topic, int partitions, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(ConsumerConfig(bootstrapServers, "reader-" + Guid.NewGuid().ToString("N")))
            .SetLogHandler((_, _) => { })
            .Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<byte[]?, byte[]>>();
        var deadline = DateTime.UtcNow + ConsumeTimeout;
        while (results.Count < expected)
        {
            Assert.True(
                DateTime.UtcNow < deadline,
                $"Only {results.Count} of {expected} records arrived from '{topic}' at {bootstrapServers} within {ConsumeTimeout.TotalSeconds} s.");
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                results.Add(result);
            }
        }

        return results;
    }

    public static string Text(byte[]? bytes) => bytes is null ? "<null>" : System.Text.Encoding.UTF8.GetString(bytes);

    public static int PartitionCount(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers })
            .SetLogHandler((_, _) => { })
            .Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var topicMetadata = Assert.Single(metadata.Topics);
        return topicMetadata.Error.IsError ? 0 : topicMetadata.Partitions.Count;
    }

    public static IReadOnlyList<string> TopicNames(string bootstrapServers)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers })
            .SetLogHandler((_, _) => { })
            .Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ToList();
    }
}
