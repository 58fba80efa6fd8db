using Confluent.Kafka;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>How far a consumer group has committed a topic, as the broker says (not as a member last saw it).</summary>
public static class ConsumerGroupLag
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(10);

    /// <summary>True when <paramref name="group"/> has committed every partition of <paramref name="topic"/> up to its end.</summary>
    public static Task<bool> IsCommittedToEndAsync(KafkaClientSettings settings, string group, string topic, CancellationToken ct) =>
        // The client's calls block until the broker answers: they run on a thread of their own.
        Task.Factory.StartNew(() => IsCommittedToEnd(settings, group, topic), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static bool IsCommittedToEnd(KafkaClientSettings settings, string group, string topic)
    {
        var config = settings.ToConsumerConfig(group, "serverlessstreams-lag");
        // Reading the group's offsets does not join the group, so the members are not disturbed.
        using var reader = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        using var admin = new DependentAdminClientBuilder(reader.Handle).Build();
        var partitions = admin.GetMetadata(topic, BrokerTimeout).Topics.SingleOrDefault(t => t.Topic == topic)?.Partitions;
        if (partitions is null) return false;
        var all = partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        foreach (var committed in reader.Committed(all, BrokerTimeout))
        {
            var end = reader.QueryWatermarkOffsets(committed.TopicPartition, BrokerTimeout).High.Value;
            if (end > 0 && committed.Offset.Value < end) return false;
        }
        return true;
    }
}
