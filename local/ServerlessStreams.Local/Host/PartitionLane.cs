using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// One partition's records between the reader and the worker, in offset order. A refused batch empties the lane
/// and starts a new epoch: records the reader read before it moved back to the refused batch carry the old epoch
/// and are dropped, so the partition's records are delivered again from the refused batch on, never out of order.
/// </summary>
internal sealed class PartitionLane(string topic, int partition)
{
    private readonly object _gate = new();
    private readonly Queue<KafkaEventRecord> _records = new();
    private long _oldestArrival;
    private int _epoch;

    public string Topic { get; } = topic;
    public int Partition { get; } = partition;

    /// <summary>The epoch the reader reads under: the reader's own, moved on when it applies the lane's rewind.</summary>
    public int ReadEpoch { get; set; }

    /// <summary>Set when records arrive or the reader catches up.</summary>
    public AsyncSignal Changed { get; } = new();

    /// <summary>Adds records the reader read under <paramref name="epoch"/>; returns how many were kept.</summary>
    public int Add(List<KafkaEventRecord> records, int epoch, long now)
    {
        lock (_gate)
        {
            if (epoch != _epoch) return 0;
            if (_records.Count == 0) _oldestArrival = now;
            foreach (var record in records) _records.Enqueue(record);
        }
        Changed.Set();
        return records.Count;
    }

    /// <summary>
    /// The next batch when one is ready: <paramref name="maxBatchSize"/> records, or fewer once the reader has
    /// caught up with the partition or the oldest has waited <paramref name="maxWait"/>. Otherwise null, with how
    /// long until the oldest has waited long enough (infinite when the lane is empty).
    /// </summary>
    public List<KafkaEventRecord>? TryTake(int maxBatchSize, bool readerCaughtUp, TimeSpan maxWait, TimeProvider time, out TimeSpan wait)
    {
        lock (_gate)
        {
            wait = Timeout.InfiniteTimeSpan;
            if (_records.Count == 0) return null;
            var waited = time.GetElapsedTime(_oldestArrival);
            if (_records.Count < maxBatchSize && !readerCaughtUp && waited < maxWait)
            {
                wait = maxWait - waited;
                return null;
            }
            var batch = new List<KafkaEventRecord>(Math.Min(maxBatchSize, _records.Count));
            while (batch.Count < maxBatchSize && _records.TryDequeue(out var record)) batch.Add(record);
            _oldestArrival = time.GetTimestamp();
            return batch;
        }
    }

    /// <summary>Empties the lane after a refused batch; returns how many records were dropped and the new epoch.</summary>
    public (int Dropped, int Epoch) Reset()
    {
        lock (_gate)
        {
            var dropped = _records.Count;
            _records.Clear();
            return (dropped, ++_epoch);
        }
    }
}
