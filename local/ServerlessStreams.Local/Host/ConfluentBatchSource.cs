using Confluent.Kafka;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// A consumer-group member reading one topic. As the Kafka extension does, a batch's offsets are stored once it has
/// succeeded, and the client commits what is stored in the background (and when it leaves the group or
/// loses a partition); nothing read is ever stored before that. One reader reads, rewinds and asks for the lag;
/// offsets are stored from other threads, which the client allows.
/// </summary>
internal sealed class ConfluentBatchSource : IKafkaBatchSource
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<string?, byte[]?> _consumer;
    private readonly string _topic;

    public ConfluentBatchSource(ConsumerConfig config, string topic, int autoCommitIntervalMs)
    {
        _topic = topic;
        // Keys are decoded from the client's buffers, values copied as they are (the trigger sends them as bytes), and
        // the topic's name is not read back for each record: this source reads one topic.
        _consumer = new ConsumerBuilder<string?, byte[]?>(new ConsumerConfig(new Dictionary<string, string>(config))
            {
                ConsumeResultFields = "headers,timestamp",
                EnableAutoCommit = true,
                EnableAutoOffsetStore = false,
                AutoCommitIntervalMs = autoCommitIntervalMs,
                // The embedded Kafka answers a fetch only when its wait is over, not when records arrive as a broker
                // does: with the default 500 ms, an idle function would start on new records up to half a second late,
                // at every hop.
                FetchWaitMaxMs = FetchWaitMs,
            })
            .SetKeyDeserializer(Deserializers.Utf8!)
            .SetValueDeserializer(Deserializers.ByteArray!)
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();
        _consumer.Subscribe(topic);
    }

    private const int FetchWaitMs = 50;

    public async Task<IReadOnlyList<KafkaEventRecord>> ReadAsync(int maxRecords, TimeSpan waitForFirst, CancellationToken cancellationToken)
    {
        var batch = new List<KafkaEventRecord>();
        Drain(batch, maxRecords);
        if (batch.Count > 0) return batch;

        // Nothing fetched yet: wait for the first record on a thread of its own, since Consume blocks, and a
        // blocked thread-pool thread would hold up the deliveries until the pool adds threads.
        var first = await Task.Factory.StartNew(() => WaitForFirst(waitForFirst, cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        if (first is null) return batch;
        batch.Add(first);
        Drain(batch, maxRecords);
        return batch;
    }

    /// <summary>Takes records the client has fetched already, without waiting.</summary>
    private void Drain(List<KafkaEventRecord> batch, int maxRecords)
    {
        while (batch.Count < maxRecords && _consumer.Consume(TimeSpan.Zero) is { Message: not null } result) batch.Add(Read(result));
    }

    private KafkaEventRecord? WaitForFirst(TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            if (_consumer.Consume(left < PollInterval ? left : PollInterval) is { Message: not null } result) return Read(result);
        }
    }

    public void Commit(IReadOnlyList<KafkaEventRecord> batch)
    {
        foreach (var ((topic, partition), next) in NextOffsets(batch))
            _consumer.StoreOffset(new TopicPartitionOffset(topic, partition, next));
    }

    /// <summary>The offset after the last record of each partition in the batch (a lane's batch holds one).</summary>
    private static Dictionary<(string Topic, int Partition), long> NextOffsets(IReadOnlyList<KafkaEventRecord> batch)
    {
        var next = new Dictionary<(string Topic, int Partition), long>();
        for (var i = 0; i < batch.Count;)
        {
            var (topic, partition) = (batch[i].Topic, batch[i].Partition);
            var after = batch[i].Offset + 1;
            // Records of a partition come together, so each run is looked up once.
            for (i++; i < batch.Count && batch[i].Partition == partition && ReferenceEquals(batch[i].Topic, topic); i++)
                after = Math.Max(after, batch[i].Offset + 1);
            next[(topic, partition)] = Math.Max(next.GetValueOrDefault((topic, partition)), after);
        }
        return next;
    }

    public void Rewind(IReadOnlyList<KafkaEventRecord> batch)
    {
        foreach (var partition in batch.GroupBy(r => (r.Topic, r.Partition)))
        {
            try
            {
                var from = partition.Min(r => r.Offset);
                _consumer.Seek(new TopicPartitionOffset(partition.Key.Topic, partition.Key.Partition, from));
                _skipped.Expect(partition.Key.Partition, from);
            }
            catch (KafkaException)
            {
                // The partition was revoked meanwhile; its new owner starts from the committed offset, before this batch.
            }
        }
    }

    public long? Lag()
    {
        long total = 0;
        var known = false;
        var assignment = _consumer.Assignment;
        if (_committed.Hold(assignment)) _skipped.Reset();
        foreach (var partition in assignment)
        {
            var marks = _consumer.GetWatermarkOffsets(partition);
            if (marks.High == Offset.Unset) continue;
            known = true;
            // An empty partition lags by nothing; asking the group for its committed offset would cost a broker
            // round trip on every pass of the reader while the partition stays empty.
            if (marks.High.Value <= Math.Max(0, marks.Low.Value)) continue;
            var position = _consumer.Position(partition);
            // Before its first record a partition has no position: it will start at the group's committed offset.
            var from = position != Offset.Unset ? position : CommittedOffset(partition) ?? marks.Low;
            total += Math.Max(0, marks.High.Value - from.Value);
        }
        return known ? total : null;
    }

    public IReadOnlyList<int> AssignedPartitions() => _consumer.Assignment.Select(p => p.Partition.Value).Order().ToList();

    private readonly CommittedOffsetCache _committed = new();
    private readonly SkippedOffsets _skipped = new();

    public IReadOnlyList<SkippedRange> TakeSkipped() => _skipped.Take();

    private KafkaEventRecord Read(ConsumeResult<string?, byte[]?> result)
    {
        _skipped.Read(result.Partition.Value, result.Offset.Value, CommittedOffsetOf, LogStartOf);
        return ToRecord(result);
    }

    private long? CommittedOffsetOf(int partition) => CommittedOffset(new TopicPartition(_topic, partition))?.Value;

    private long? LogStartOf(int partition)
    {
        try
        {
            return _consumer.QueryWatermarkOffsets(new TopicPartition(_topic, partition), TimeSpan.FromSeconds(5)).Low.Value;
        }
        catch (KafkaException)
        {
            return null;
        }
    }

    private Offset? CommittedOffset(TopicPartition partition) => _committed.Get(partition, LookUpCommitted);

    private Offset? LookUpCommitted(TopicPartition partition)
    {
        try
        {
            var offset = _consumer.Committed([partition], TimeSpan.FromSeconds(5)).Single().Offset;
            return offset == Offset.Unset ? null : offset;
        }
        catch (KafkaException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            _consumer.Close();
        }
        catch (KafkaException)
        {
            // Leaving the group is a courtesy; the broker notices a dead member after the session timeout anyway.
        }
        _consumer.Dispose();
    }

    private static KafkaHeader[] ToHeaders(Headers headers)
    {
        var converted = new KafkaHeader[headers.Count];
        for (var i = 0; i < converted.Length; i++) converted[i] = new KafkaHeader(headers[i].Key, headers[i].GetValueBytes() ?? []);
        return converted;
    }

    private KafkaEventRecord ToRecord(ConsumeResult<string?, byte[]?> result)
    {
        var message = result.Message;
        var headers = message.Headers is { Count: > 0 } present ? ToHeaders(present) : [];
        return new KafkaEventRecord(
            _topic,
            result.Partition.Value,
            result.Offset.Value,
            message.Timestamp.UnixTimestampMs,
            message.Key,
            message.Value ?? [],
            headers);
    }
}
