using System.Globalization;
using System.Text;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Local.Kafka;

namespace ServerlessStreams.Functions.Tests.Kafka;

/// <summary><see cref="KafkaPartitioner"/> puts keyed records where the stages' producer puts them.</summary>
public sealed class KafkaPartitionerTests
{
    [Fact]
    public void The_hash_is_CRC_32()
    {
        // The CRC-32 check value.
        Assert.Equal(0xCBF43926u, KafkaPartitioner.Crc32(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal((int)(0xCBF43926u % 7), KafkaPartitioner.PartitionOf("123456789", 7));
    }

    [Fact]
    public async Task Keys_land_in_the_partitions_the_producer_picks()
    {
        const int partitions = 7;
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("keyed", partitions);
        using var producer = new SegmentProducer(new KafkaClientSettings(kafka.BootstrapServers));
        // Group keys as internal records carry them: JSON strings, numbers, composite arrays with non-ASCII text.
        var keys = Enumerable.Range(0, 60)
            .Select(i => (i % 3) switch
            {
                0 => $"\"voter-{i}\"",
                1 => i.ToString(CultureInfo.InvariantCulture),
                _ => $"[\"é\",{i}]",
            })
            .ToList();

        var delivered = await producer.ProduceReportedAsync([.. keys.Select(k => OutgoingRecord.FromString("keyed", k, "[]"))]);

        Assert.Equal(keys.Select(k => KafkaPartitioner.PartitionOf(k, partitions)), delivered.Select(d => d.Partition));
        Assert.True(delivered.Select(d => d.Partition).Distinct().Count() > 1);
    }
}
