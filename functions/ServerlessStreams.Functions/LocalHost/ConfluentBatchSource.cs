using System.Text;
using Confluent.Kafka;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.LocalHost;

/// <summary>
/// A consumer-group member reading one topic with auto-commit off. Consume is blocking, so each read runs on the
/// thread pool. One reader reads, rewinds and asks for the lag; commits come from other threads, which the client
/// allows.
/// </summary>
internal sealed class ConfluentBatchSource : IKafkaBatchSource
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<byte[]?, byte[]?> _consumer;

    public ConfluentBatchSource(ConsumerConfig config, string topic)
    {
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetKeyDeserializer(Deserializers.ByteArray!)
            .SetValueDeserializer(Deserializers.ByteArray!)
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();
        _consumer.Subscribe(topic);
    }

    public Task<IReadOnlyList<KafkaEventRecord>> ReadAsync(int maxRecords, TimeSpan waitForFirst, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<KafkaEventRecord>>(() =>
        {
            var batch = new List<KafkaEventRecord>();
            var deadline = DateTime.UtcNow + waitForFirst;
            while (batch.Count < maxRecords)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Once a record has come, take only what the client has fetched already; before, wait for one.
                var timeout = TimeSpan.Zero;
                if (batch.Count == 0)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) break;
                    timeout = left < PollInterval ? left : PollInterval;
                }
                var result = _consumer.Consume(timeout);
                if (result?.Message is not null) batch.Add(ToRecord(result));
                else if (batch.Count > 0) break;
            }
            return batch;
        }, cancellationToken);

    public void Commit(IReadOnlyList<KafkaEventRecord> batch) =>
        _consumer.Commit(batch
            .GroupBy(r => (r.Topic, r.Partition))
            .Select(g => new TopicPartitionOffset(g.Key.Topic, g.Key.Partition, g.Max(r => r.Offset) + 1)));

    public void Rewind(IReadOnlyList<KafkaEventRecord> batch)
    {
        foreach (var partition in batch.GroupBy(r => (r.Topic, r.Partition)))
        {
            try
            {
                _consumer.Seek(new TopicPartitionOffset(partition.Key.Topic, partition.Key.Partition, partition.Min(r => r.Offset)));
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
        foreach (var partition in _consumer.Assignment)
        {
            var marks = _consumer.GetWatermarkOffsets(partition);
            if (marks.High == Offset.Unset) continue;
            var position = _consumer.Position(partition);
            // Before its first record a partition has no position: it will start at the group's committed offset.
            var from = position != Offset.Unset ? position : CommittedOffset(partition) ?? marks.Low;
            total += Math.Max(0, marks.High.Value - from.Value);
            known = true;
        }
        return known ? total : null;
    }

    private readonly Dictionary<TopicPartition, Offset> _committed = [];

    private Offset? CommittedOffset(TopicPartition partition)
    {
        if (_committed.TryGetValue(partition, out var known)) return known;
        try
        {
            var offset = _consumer.Committed([partition], TimeSpan.FromSeconds(5)).Single().Offset;
            if (offset == Offset.Unset) return null;
            _committed[partition] = offset;
            return offset;
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

    private static KafkaEventRecord ToRecord(ConsumeResult<byte[]?, byte[]?> result)
    {
        var message = result.Message;
        var headers = message.Headers is { Count: > 0 } present ? ToHeaders(present) : [];
        return new KafkaEventRecord(
            result.Topic,
            result.Partition.Value,
            result.Offset.Value,
            message.Timestamp.UnixTimestampMs,
            message.Key is null ? null : Encoding.UTF8.GetString(message.Key),
            message.Value is null ? string.Empty : Encoding.UTF8.GetString(message.Value),
            headers);
    }
}
