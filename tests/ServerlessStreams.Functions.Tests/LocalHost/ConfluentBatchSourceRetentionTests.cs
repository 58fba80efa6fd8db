using Confluent.Kafka;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Local.Kafka;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Functions.Tests.Kafka;

namespace ServerlessStreams.Functions.Tests.LocalHost;

/// <summary>
/// The embedded Kafka keeps the last 5 MiB of a partition: records a group committed before but had not read yet are
/// deleted once more than that is produced after them, and the consumer must say so instead of skipping them.
/// </summary>
public sealed class ConfluentBatchSourceRetentionTests
{
    private const string Topic = "events";
    private const string Group = "ss-job-events";

    [Fact]
    public async Task Records_deleted_between_the_committed_offset_and_the_log_start_are_reported_skipped()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic(Topic, 1);
        ProduceSmall(kafka.BootstrapServers, 10);
        Commit(kafka.BootstrapServers, 5);
        ProduceLarge(kafka.BootstrapServers, count: 12, bytes: 512 * 1024);
        var logStart = LogStart(kafka.BootstrapServers);
        Assert.True(logStart > 5, $"the broker still holds offset 5 (log starts at {logStart})");

        using var source = new ConfluentBatchSource(new KafkaClientSettings(kafka.BootstrapServers).ToConsumerConfig(Group), Topic, 100);
        var first = await FirstRecordAsync(source);

        Assert.Equal(logStart, first.Offset);
        Assert.Equal([new SkippedRange(0, 5, logStart)], source.TakeSkipped());
    }

    [Fact]
    public async Task A_group_that_reads_on_from_its_committed_offset_skips_nothing()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic(Topic, 1);
        ProduceSmall(kafka.BootstrapServers, 10);
        Commit(kafka.BootstrapServers, 5);

        using var source = new ConfluentBatchSource(new KafkaClientSettings(kafka.BootstrapServers).ToConsumerConfig(Group), Topic, 100);
        var first = await FirstRecordAsync(source);

        Assert.Equal(5, first.Offset);
        Assert.Empty(source.TakeSkipped());
    }

    private static async Task<Functions.Hosting.KafkaEventRecord> FirstRecordAsync(ConfluentBatchSource source)
    {
        var deadline = DateTime.UtcNow + KafkaTestClients.ConsumeTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var batch = await source.ReadAsync(1, TimeSpan.FromMilliseconds(500), CancellationToken.None);
            if (batch.Count > 0) return batch[0];
        }
        throw new TimeoutException($"no record within {KafkaTestClients.ConsumeTimeout}");
    }

    private static void ProduceSmall(string bootstrapServers, int count)
    {
        using var producer = KafkaTestClients.Producer(bootstrapServers);
        for (var i = 0; i < count; i++) producer.Produce(new TopicPartition(Topic, 0), new Message<string?, string> { Value = $"{{\"n\":{i}}}" });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Each record flushed alone, so each is a message set of its own that the broker can delete.</summary>
    private static void ProduceLarge(string bootstrapServers, int count, int bytes)
    {
        using var producer = KafkaTestClients.Producer(bootstrapServers);
        var value = new string('x', bytes);
        for (var i = 0; i < count; i++)
        {
            producer.Produce(new TopicPartition(Topic, 0), new Message<string?, string> { Value = value });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }
    }

    private static void Commit(string bootstrapServers, long offset)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(KafkaTestClients.ConsumerConfig(bootstrapServers, Group)).SetLogHandler((_, _) => { }).Build();
        consumer.Commit([new TopicPartitionOffset(Topic, 0, offset)]);
    }

    private static long LogStart(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(KafkaTestClients.ConsumerConfig(bootstrapServers, "watermarks")).SetLogHandler((_, _) => { }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(Topic, 0), TimeSpan.FromSeconds(10)).Low.Value;
    }
}
