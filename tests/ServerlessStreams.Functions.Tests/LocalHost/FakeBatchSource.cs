using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Functions.Tests.LocalHost;

/// <summary>
/// In-memory partitions with read positions and committed offsets, recording every commit. A read takes up to
/// <c>chunk</c> records from each partition in turn, as a consumer's fetches interleave partitions.
/// </summary>
internal sealed class FakeBatchSource(string topic, int records, int partitions = 1, int chunk = int.MaxValue,
    Func<long, string>? value = null) : IKafkaBatchSource
{
    private readonly object _gate = new();
    private readonly List<long> _commits = [];
    private readonly long[] _positions = new long[partitions];
    private readonly long[] _committed = new long[partitions];

    /// <summary>Partition 0's committed offset.</summary>
    public long Committed => CommittedOf(0);

    /// <summary>Every commit's offset, in the order they came.</summary>
    public IReadOnlyList<long> Commits
    {
        get
        {
            lock (_gate) return _commits.ToList();
        }
    }

    public bool Disposed { get; private set; }

    public long CommittedOf(int partition)
    {
        lock (_gate) return _committed[partition];
    }

    public async Task<IReadOnlyList<KafkaEventRecord>> ReadAsync(int maxRecords, TimeSpan waitForFirst, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var batch = new List<KafkaEventRecord>();
            var progress = true;
            while (batch.Count < maxRecords && progress)
            {
                progress = false;
                for (var partition = 0; partition < partitions && batch.Count < maxRecords; partition++)
                {
                    var take = (int)Math.Min(Math.Min(chunk, maxRecords - batch.Count), records - _positions[partition]);
                    if (take <= 0) continue;
                    batch.AddRange(Enumerable.Range(0, take).Select(i => Record(partition, _positions[partition] + i)));
                    _positions[partition] += take;
                    progress = true;
                }
            }
            if (batch.Count > 0) return batch;
        }
        await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        return [];
    }

    public void Commit(IReadOnlyList<KafkaEventRecord> batch)
    {
        lock (_gate)
        {
            var committed = batch.Max(r => r.Offset) + 1;
            _committed[batch[0].Partition] = committed;
            _commits.Add(committed);
        }
    }

    public void Rewind(IReadOnlyList<KafkaEventRecord> batch)
    {
        lock (_gate)
        {
            foreach (var partition in batch.GroupBy(r => r.Partition)) _positions[partition.Key] = partition.Min(r => r.Offset);
        }
    }

    public long? Lag()
    {
        lock (_gate) return _positions.Sum(position => records - position);
    }

    public IReadOnlyList<SkippedRange> TakeSkipped() => [];

    public IReadOnlyList<int> AssignedPartitions() => Enumerable.Range(0, partitions).ToList();

    public void Dispose() => Disposed = true;

    private KafkaEventRecord Record(int partition, long offset) =>
        new(topic, partition, offset, 1_700_000_000_000 + offset, $"key-{offset}", value?.Invoke(offset) ?? $"{{\"n\":{offset}}}");
}
