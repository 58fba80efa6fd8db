using Confluent.Kafka;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Local;

/// <summary>
/// Whether a job's consumer groups have committed their topics to the end, as the broker says: all that was produced
/// so far is processed. Committed offsets are read by a consumer of each group that never joins it (OffsetFetch), not
/// by an admin client: librdkafka's admin requests to a group coordinator abort the process (an assertion in
/// <c>rd_kafka_enq_once_del_source_return</c>) when they time out while a broker goes down and comes back.
/// </summary>
internal sealed class JobCommits : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly JobSpec _job;
    private readonly KafkaClientSettings _settings;
    private readonly KafkaTopicPartitions _partitions;
    private readonly Dictionary<string, IConsumer<byte[], byte[]>> _readers = new(StringComparer.Ordinal);

    public JobCommits(JobSpec job, string bootstrapServers)
    {
        ArgumentNullException.ThrowIfNull(job);
        _job = job;
        _settings = new KafkaClientSettings(bootstrapServers);
        _partitions = new KafkaTopicPartitions(_settings);
    }

    /// <summary>
    /// True when every Kafka-triggered function's group (stages and keyed functions) is at the end of its topic. The
    /// stages are asked first: a stage commits after its internal records are acknowledged, so once they are done the
    /// internal topics are complete.
    /// </summary>
    public async Task<bool> AllCommittedAsync(CancellationToken ct = default)
    {
        return await FirstLagAsync(ct) is null;
    }

    /// <summary>
    /// The first group that lags, in the order <see cref="AllCommittedAsync"/> asks them: its task, its topic and the
    /// records it has not committed; null when none lags.
    /// </summary>
    public async Task<(string Task, string Topic, long Records)?> FirstLagAsync(CancellationToken ct = default)
    {
        var reads = FunctionNames.TriggeredTasks(_job).Select(t => (t.Name, t.Topic!))
            .Concat(Repartitioning.TopicsOf(_job).Select(t => (t.Task, t.Name)));
        foreach (var (task, topic) in reads)
        {
            var count = await _partitions.CountAsync(topic, ct).ConfigureAwait(false);
            var group = AppSettingNames.ConsumerGroupOf(_job.Name, task);
            var lag = await Task.Run(() => Lag(group, topic, count), ct).ConfigureAwait(false);
            if (lag > 0) return (task, topic, lag);
        }
        return null;
    }

    private long Lag(string group, string topic, int partitionCount)
    {
        lock (_readers)
        {
            if (!_readers.TryGetValue(group, out var reader))
            {
                reader = new ConsumerBuilder<byte[], byte[]>(_settings.ToConsumerConfig(group, "serverlessstreams-commits"))
                    .SetLogHandler(KafkaClientSettings.Quiet).Build();
                _readers[group] = reader;
            }
            var partitions = Enumerable.Range(0, partitionCount).Select(p => new TopicPartition(topic, p)).ToList();
            var committed = reader.Committed(partitions, RequestTimeout).ToDictionary(c => c.Partition.Value, c => c.Offset);
            long lag = 0;
            foreach (var partition in partitions)
            {
                var marks = reader.QueryWatermarkOffsets(partition, RequestTimeout);
                var from = committed.TryGetValue(partition.Partition.Value, out var offset) && offset != Offset.Unset ? offset.Value : marks.Low.Value;
                lag += Math.Max(0, marks.High.Value - from);
            }
            return lag;
        }
    }

    public void Dispose()
    {
        lock (_readers)
        {
            foreach (var reader in _readers.Values)
            {
                reader.Close();
                reader.Dispose();
            }
            _readers.Clear();
        }
        _partitions.Dispose();
    }
}
