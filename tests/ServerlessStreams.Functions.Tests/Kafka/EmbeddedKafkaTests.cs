using System.Text.RegularExpressions;
using Confluent.Kafka;
using ServerlessStreams.Local.Kafka;

namespace ServerlessStreams.Functions.Tests.Kafka;

public sealed partial class EmbeddedKafkaTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Start_ReportsOneLoopbackAddressPerBroker(int brokers)
    {
        using var kafka = EmbeddedKafka.Start(brokers);

        var addresses = kafka.BootstrapServers.Split(',');
        Assert.Equal(brokers, addresses.Length);
        Assert.All(addresses, address => Assert.Matches(LoopbackAddress(), address));
        Assert.Equal(brokers, kafka.BrokerCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(EmbeddedKafka.MaxBrokers + 1)]
    public void Start_RejectsBrokerCountsOutOfRange(int brokers)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddedKafka.Start(brokers));
        Assert.Equal("brokers", error.ParamName);
        Assert.Contains($"between 1 and {EmbeddedKafka.MaxBrokers}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProducedRecords_AreConsumedInOrderPerPartition()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("orders", 3);

        using (var producer = KafkaTestClients.Producer(kafka.BootstrapServers))
        {
            for (var i = 0; i < 30; i++)
            {
                await producer.ProduceAsync("orders", new Message<string?, string> { Key = $"k{i % 5}", Value = $"v{i}" });
            }
        }

        var records = KafkaTestClients.ReadAll(kafka.BootstrapServers, "orders", 3, expected: 30);

        Assert.Equal(
            Enumerable.Range(0, 30).Select(i => $"v{i}").Order(),
            records.Select(r => KafkaTestClients.Text(r.Message.Value)).Order());
        foreach (var partition in records.GroupBy(r => r.Partition.Value))
        {
            var values = partition.Select(r => int.Parse(KafkaTestClients.Text(r.Message.Value)[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(values.Order(), values);
            Assert.Equal(partition.Select(r => r.Offset.Value).Order(), partition.Select(r => r.Offset.Value));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 8)]
    [InlineData(3, 4)]
    public void CreateTopic_GivesTheTopicExactlyTheDeclaredPartitions(int brokers, int partitions)
    {
        using var kafka = EmbeddedKafka.Start(brokers);

        kafka.CreateTopic("declared", partitions);

        Assert.Equal(partitions, KafkaTestClients.PartitionCount(kafka.BootstrapServers, "declared"));
        Assert.Equal(partitions, kafka.Topics["declared"]);
    }

    [Fact]
    public void CreateTopic_ForAnExistingTopic_FailsNamingTheTopic()
    {
        using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("twice", 2);

        var error = Assert.Throws<InvalidOperationException>(() => kafka.CreateTopic("twice", 4));

        Assert.Contains("'twice'", error.Message, StringComparison.Ordinal);
        Assert.Contains("created earlier with 2 partitions", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, KafkaTestClients.PartitionCount(kafka.BootstrapServers, "twice"));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("has space", "contains ' '")]
    [InlineData("slash/topic", "contains '/'")]
    [InlineData("..", "not a legal topic name")]
    public void CreateTopic_WithAnIllegalName_SaysWhy(string name, string reason)
    {
        using var kafka = EmbeddedKafka.Start();

        var error = Assert.Throws<ArgumentException>(() => kafka.CreateTopic(name, 1));

        Assert.Equal("name", error.ParamName);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTopic_WithATooLongName_SaysWhy()
    {
        using var kafka = EmbeddedKafka.Start();

        var error = Assert.Throws<ArgumentException>(() => kafka.CreateTopic(new string('t', KafkaTopicName.MaxLength + 1), 1));

        Assert.Contains($"at most {KafkaTopicName.MaxLength}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void CreateTopic_WithoutPartitions_FailsNamingTheTopic(int partitions)
    {
        using var kafka = EmbeddedKafka.Start();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => kafka.CreateTopic("empty", partitions));

        Assert.Contains("'empty'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTopic_FromManyThreadsAtOnce_CreatesEveryTopic()
    {
        using var kafka = EmbeddedKafka.Start();
        var names = Enumerable.Range(0, 24).Select(i => $"parallel-{i}").ToList();

        Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, name => kafka.CreateTopic(name, 2));

        Assert.Equal(names.Order(), kafka.Topics.Keys.Order());
        var onBroker = KafkaTestClients.TopicNames(kafka.BootstrapServers);
        Assert.All(names, name => Assert.Contains(name, onBroker));
    }

    [Fact]
    public void Dispose_StopsTheCluster_AndIsIdempotent()
    {
        var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("before", 1);

        kafka.Dispose();
        kafka.Dispose();

        var error = Assert.Throws<ObjectDisposedException>(() => kafka.CreateTopic("after", 1));
        Assert.Contains("has been stopped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralClustersAtOnce_AreSeparateBrokers()
    {
        await using var first = EmbeddedKafka.Start();
        await using var second = EmbeddedKafka.Start(2);
        first.CreateTopic("only-in-first", 1);
        second.CreateTopic("only-in-second", 1);

        await ProduceTextAsync(first.BootstrapServers, "only-in-first", "to first");
        await ProduceTextAsync(second.BootstrapServers, "only-in-second", "to second");

        Assert.NotEqual(first.BootstrapServers, second.BootstrapServers);
        Assert.Equal("to first", KafkaTestClients.Text(Assert.Single(KafkaTestClients.ReadAll(first.BootstrapServers, "only-in-first", 1, 1)).Message.Value));
        Assert.Equal("to second", KafkaTestClients.Text(Assert.Single(KafkaTestClients.ReadAll(second.BootstrapServers, "only-in-second", 1, 1)).Message.Value));
        Assert.DoesNotContain("only-in-second", KafkaTestClients.TopicNames(first.BootstrapServers));
        Assert.DoesNotContain("only-in-first", KafkaTestClients.TopicNames(second.BootstrapServers));
    }

    [Fact]
    public async Task ClustersOneAfterAnother_EachStartEmpty()
    {
        for (var round = 0; round < 3; round++)
        {
            await using var kafka = EmbeddedKafka.Start();
            kafka.CreateTopic("reused-name", 1);

            await ProduceTextAsync(kafka.BootstrapServers, "reused-name", $"round {round}");

            var record = Assert.Single(KafkaTestClients.ReadAll(kafka.BootstrapServers, "reused-name", 1, 1));
            Assert.Equal($"round {round}", KafkaTestClients.Text(record.Message.Value));
            Assert.Equal(0, record.Offset.Value);
        }
    }

    private static async Task ProduceTextAsync(string bootstrapServers, string topic, string value)
    {
        using var producer = KafkaTestClients.Producer(bootstrapServers);
        var result = await producer.ProduceAsync(topic, new Message<string?, string> { Value = value });
        Assert.Equal(PersistenceStatus.Persisted, result.Status);
    }

    [GeneratedRegex(@"^127\.0\.0\.1:\d{2,5}$")]
    private static partial Regex LoopbackAddress();
}
