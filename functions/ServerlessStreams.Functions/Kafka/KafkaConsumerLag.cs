using Confluent.Kafka;
using Confluent.Kafka.Admin;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Runtime;

namespace ServerlessStreams.Functions.Kafka;

/// <summary>
/// Consumer lag from the broker, as the worker sees it wherever it runs (the Functions host consumes on Azure, the
/// local host locally): the group's committed offsets (<c>OffsetFetch</c>) against each partition's start and end
/// (<c>ListOffsets</c>). Each request is bounded by <paramref name="requestTimeout"/>, so a slow broker fails a read
/// rather than holding it.
/// </summary>
internal sealed class KafkaConsumerLag(KafkaClientSettings settings, ITopicPartitions partitions, TimeSpan? requestTimeout = null)
    : IConsumerLagSource, IDisposable
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _timeout = requestTimeout ?? DefaultRequestTimeout;
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(settings.ToAdminClientConfig("serverlessstreams-lag")).Build());

    public async Task<ConsumerLag> ReadAsync(string group, string topic, CancellationToken ct)
    {
        var count = await partitions.CountAsync(topic, ct);
        if (count == 0) throw new InvalidOperationException($"the broker knows no topic '{topic}'");
        var topicPartitions = Enumerable.Range(0, count).Select(p => new TopicPartition(topic, p)).ToList();

        var committed = _admin.Value.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, topicPartitions)],
            new ListConsumerGroupOffsetsOptions { RequestTimeout = _timeout });
        var starts = ListOffsetsAsync(topicPartitions, OffsetSpec.Earliest());
        var ends = ListOffsetsAsync(topicPartitions, OffsetSpec.Latest());
        var groupOffsets = (await committed.WaitAsync(ct)).Single().Partitions
            .Where(p => p.Error.Code == ErrorCode.NoError && p.Offset != Offset.Unset)
            .ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
        return ConsumerLag.Compute(group, topic, groupOffsets, await starts.WaitAsync(ct), await ends.WaitAsync(ct));
    }

    private async Task<IReadOnlyDictionary<int, long>> ListOffsetsAsync(List<TopicPartition> topicPartitions, OffsetSpec spec)
    {
        var result = await _admin.Value.ListOffsetsAsync(
            topicPartitions.Select(tp => new TopicPartitionOffsetSpec { TopicPartition = tp, OffsetSpec = spec }),
            new ListOffsetsOptions { RequestTimeout = _timeout });
        return result.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.Partition.Value, r => r.TopicPartitionOffsetError.Offset.Value);
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
