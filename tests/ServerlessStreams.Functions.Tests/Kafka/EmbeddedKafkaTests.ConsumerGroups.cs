using Confluent.Kafka;
using ServerlessStreams.Local.Kafka;

namespace ServerlessStreams.Functions.Tests.Kafka;

public sealed partial class EmbeddedKafkaTests
{
    private const int GroupPartitions = 4;

    [Fact]
    public async Task ConsumerGroupOfTwo_SplitsPartitions_AndCommittedRecordsAreReadOnce()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("grouped", GroupPartitions);
        using var first = new GroupMember(kafka.BootstrapServers, "grouped", "stage-a");
        using var second = new GroupMember(kafka.BootstrapServers, "grouped", "stage-a");
        GroupMember[] members = [first, second];

        PollUntil(members, () => first.Assigned.Count > 0 && second.Assigned.Count > 0 &&
            first.Assigned.Count + second.Assigned.Count == GroupPartitions, "both members hold partitions");
        Assert.Empty(first.Assigned.Intersect(second.Assigned));

        ProduceNumbered(kafka.BootstrapServers, "grouped", from: 0, count: 200);
        PollUntil(members, () => first.Seen.Count + second.Seen.Count >= 200, "all 200 records consumed");

        Assert.NotEmpty(first.Seen);
        Assert.NotEmpty(second.Seen);
        Assert.Equal(Numbered(0, 200), first.Seen.Concat(second.Seen).Order());
    }

    [Fact]
    public async Task ConsumerGroup_WhenAMemberLeaves_TheOtherTakesOverFromTheCommittedOffsets()
    {
        await using var kafka = EmbeddedKafka.Start();
        kafka.CreateTopic("handover", GroupPartitions);
        using var stays = new GroupMember(kafka.BootstrapServers, "handover", "stage-b");
        var leaves = new GroupMember(kafka.BootstrapServers, "handover", "stage-b");
        PollUntil([stays, leaves], () => stays.Assigned.Count > 0 && leaves.Assigned.Count > 0 &&
            stays.Assigned.Count + leaves.Assigned.Count == GroupPartitions, "both members hold partitions");
        ProduceNumbered(kafka.BootstrapServers, "handover", from: 0, count: 100);
        PollUntil([stays, leaves], () => stays.Seen.Count + leaves.Seen.Count >= 100, "the first 100 records consumed");
        var readByLeaver = leaves.Seen.ToList();

        leaves.Dispose();
        PollUntil([stays], () => stays.Assigned.Count == GroupPartitions, "the remaining member holds every partition");
        ProduceNumbered(kafka.BootstrapServers, "handover", from: 100, count: 100);
        PollUntil([stays], () => stays.Seen.Count + readByLeaver.Count >= 200, "the next 100 records consumed");

        Assert.NotEmpty(readByLeaver);
        Assert.Equal(Numbered(0, 200), stays.Seen.Concat(readByLeaver).Order());
    }

    private static IEnumerable<int> Numbered(int from, int count) => Enumerable.Range(from, count);

    private static void ProduceNumbered(string bootstrapServers, string topic, int from, int count)
    {
        using var producer = KafkaTestClients.Producer(bootstrapServers);
        foreach (var n in Numbered(from, count))
        {
            producer.Produce(topic, new Message<string?, string> { Key = $"key-{n}", Value = n.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Polls every member in turn (so each keeps up with the group) until the condition holds or 30 s pass.</summary>
    private static void PollUntil(IReadOnlyList<GroupMember> members, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + KafkaTestClients.ConsumeTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {KafkaTestClients.ConsumeTimeout.TotalSeconds} s waiting until {what}.");
            foreach (var member in members)
            {
                member.PollOnce();
            }
        }
    }

    /// <summary>A consumer-group member that commits each record right after reading it.</summary>
    private sealed class GroupMember : IDisposable
    {
        private readonly IConsumer<string?, string> consumer;
        private bool disposed;

        public GroupMember(string bootstrapServers, string topic, string groupId)
        {
            consumer = new ConsumerBuilder<string?, string>(KafkaTestClients.ConsumerConfig(bootstrapServers, groupId))
                .SetLogHandler((_, _) => { })
                .SetPartitionsAssignedHandler((_, partitions) => Assigned = partitions.Select(p => p.Partition.Value).ToHashSet())
                .SetPartitionsRevokedHandler((_, _) => Assigned = [])
                .Build();
            consumer.Subscribe(topic);
        }

        public HashSet<int> Assigned { get; private set; } = [];

        public List<int> Seen { get; } = [];

        public void PollOnce()
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { IsPartitionEOF: false } result)
            {
                Seen.Add(int.Parse(result.Message.Value, System.Globalization.CultureInfo.InvariantCulture));
                consumer.Commit(result);
            }
        }

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            consumer.Close();
            consumer.Dispose();
        }
    }
}
