using System.Text;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Testing;

/// <summary>
/// Kafka as the driver plays it, in process: the runtime's publisher and the source of partition counts. Records for a
/// repartitioned task's internal topic are kept as the broker would keep them — in the partition the producer's
/// partitioner picks for their key, at the next offset of that partition, with the producer's headers — until the
/// driver relays them to the task's keyed side; every other record is kept per topic for the test to read.
/// </summary>
internal sealed class InProcessTopics : IRecordPublisher, ITopicPartitions
{
    private readonly JobTestDriverOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, InternalTopic> _internalTopics;
    private readonly Dictionary<string, List<TestOutputRecord>> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, int Partition), long> _nextOffsets = [];
    private readonly SortedDictionary<(string Topic, int Partition), List<KafkaEventRecord>> _pending = new(Comparer<(string, int)>.Create(
        (a, b) => string.CompareOrdinal(a.Item1, b.Item1) is var byTopic and not 0 ? byTopic : a.Item2.CompareTo(b.Item2)));
    private readonly Lock _gate = new();

    public InProcessTopics(JobSpec job, JobTestDriverOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _internalTopics = Repartitioning.TopicsOf(job).ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The records produced to <paramref name="topic"/> so far, in order; internal topics excluded.</summary>
    public IReadOnlyList<TestOutputRecord> Outputs(string topic)
    {
        lock (_gate) return _outputs.TryGetValue(topic, out var records) ? [.. records] : [];
    }

    /// <summary>The topics records were produced to, in name order; internal topics excluded.</summary>
    public IReadOnlyList<string> OutputTopics
    {
        get { lock (_gate) return [.. _outputs.Keys.Order(StringComparer.Ordinal)]; }
    }

    public int PartitionsOf(string topic) =>
        _options.TopicPartitions.TryGetValue(topic, out var configured) ? configured
        : _internalTopics.TryGetValue(topic, out var internalTopic) && internalTopic.Partitions is { } fixedCount ? fixedCount
        : _options.Partitions;

    public Task<int> CountAsync(string topic, CancellationToken ct) => Task.FromResult(PartitionsOf(topic));

    /// <summary>The next offset of a partition: one past the largest taken so far.</summary>
    public long TakeOffset(string topic, int partition, long? offset)
    {
        lock (_gate)
        {
            var next = _nextOffsets.GetValueOrDefault((topic, partition));
            var taken = offset ?? next;
            _nextOffsets[(topic, partition)] = Math.Max(next, taken + 1);
            return taken;
        }
    }

    public Task PublishAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var record in records)
            {
                var headers = new List<KeyValuePair<string, byte[]>>(record.Headers.Count + 1);
                if (record.Id is { } id) headers.Add(new(SegmentId.HeaderName, Encoding.UTF8.GetBytes(id.Value)));
                headers.AddRange(record.Headers);
                if (_internalTopics.ContainsKey(record.Topic)) Keep(record, headers, now);
                else (_outputs.TryGetValue(record.Topic, out var list) ? list : _outputs[record.Topic] = [])
                    .Add(new TestOutputRecord(record.Topic, record.Key, record.Value.ToArray(), headers, now));
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The internal records not relayed yet, one batch per (topic, partition) in topic and partition order, with the
    /// task each topic feeds; taking them empties the queue.
    /// </summary>
    public IReadOnlyList<(string Task, IReadOnlyList<KafkaEventRecord> Batch)> TakeInternalBatches()
    {
        lock (_gate)
        {
            var batches = _pending.Select(p => (_internalTopics[p.Key.Topic].Task, (IReadOnlyList<KafkaEventRecord>)p.Value)).ToList();
            _pending.Clear();
            return batches;
        }
    }

    private void Keep(OutgoingRecord record, List<KeyValuePair<string, byte[]>> headers, DateTimeOffset now)
    {
        // Internal records are always keyed (by group key); a keyless one would be spread at random by the producer.
        var partition = record.Key is null ? 0 : KafkaPartitioner.PartitionOf(record.Key, PartitionsOf(record.Topic));
        var next = _nextOffsets.GetValueOrDefault((record.Topic, partition));
        _nextOffsets[(record.Topic, partition)] = next + 1;
        var relayed = new KafkaEventRecord(record.Topic, partition, next, now.ToUnixTimeMilliseconds(), record.Key, record.Value.ToArray(),
            [.. headers.Select(h => new KafkaHeader(h.Key, h.Value))]);
        (_pending.TryGetValue((record.Topic, partition), out var list) ? list : _pending[(record.Topic, partition)] = []).Add(relayed);
    }
}
