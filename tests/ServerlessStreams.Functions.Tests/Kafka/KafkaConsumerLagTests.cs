using Confluent.Kafka;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Local.Kafka;
using ServerlessStreams.Functions.Observability;

namespace ServerlessStreams.Functions.Tests.Kafka;

/// <summary>Consumer lag asked of the embedded broker: committed offsets against each partition's end.</summary>
public sealed class KafkaConsumerLagTests
{
    [Fact]
    public async Task A_group_that_committed_part_of_a_partition_lags_by_the_rest_and_by_every_partition_it_never_read()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("votes", 2);
        Produce(kafka.BootstrapServers, "votes", partition: 0, count: 7);
        Produce(kafka.BootstrapServers, "votes", partition: 1, count: 4);
        Commit(kafka.BootstrapServers, "ss-election-votes", new TopicPartitionOffset("votes", 0, 3));
        var settings = new KafkaClientSettings(kafka.BootstrapServers);
        using var partitions = new KafkaTopicPartitions(settings);
        using var source = new KafkaConsumerLag(settings, partitions);

        var lag = await source.ReadAsync("ss-election-votes", "votes", CancellationToken.None);
        var never = await source.ReadAsync("ss-election-other", "votes", CancellationToken.None);

        Assert.Equal(("ss-election-votes", "votes"), (lag.Group, lag.Topic));
        Assert.Equal([new PartitionLag(0, Committed: 3, Start: 0, End: 7), new PartitionLag(1, Committed: null, Start: 0, End: 4)], lag.Partitions);
        Assert.Equal(8, lag.Records);
        Assert.Equal(11, never.Records);
    }

    private static void Produce(string bootstrapServers, string topic, int partition, int count)
    {
        using var producer = KafkaTestClients.Producer(bootstrapServers);
        for (var i = 0; i < count; i++)
            producer.Produce(new TopicPartition(topic, partition), new Message<string?, string> { Key = null, Value = $"{{\"n\":{i}}}" });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    private static void Commit(string bootstrapServers, string group, TopicPartitionOffset offset)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(KafkaTestClients.ConsumerConfig(bootstrapServers, group)).SetLogHandler((_, _) => { }).Build();
        consumer.Commit([offset]);
    }
}
