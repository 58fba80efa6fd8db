using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.LocalHost;

namespace ServerlessStreams.Functions.Tests.LocalHost;

/// <summary>One in-memory partition with a read position and a committed offset, recording every commit.</summary>
internal sealed class FakeBatchSource(string topic, int records) : IKafkaBatchSource
{
    private readonly object _gate = new();
    private readonly List<long> _commits = [];
    private long _position;

    public long Committed { get; private set; }

    public IReadOnlyList<long> Commits
    {
        get
        {
            lock (_gate) return _commits.ToList();
        }
    }

    public bool Disposed { get; private set; }

    public async Task<IReadOnlyList<KafkaEventRecord>> ReadAsync(int maxRecords, TimeSpan waitForFirst, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_position < records)
            {
                var count = (int)Math.Min(maxRecords, records - _position);
                var batch = Enumerable.Range(0, count).Select(i => Record(_position + i)).ToList();
                _position += count;
                return batch;
            }
        }
        await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        return [];
    }

    public void Commit(IReadOnlyList<KafkaEventRecord> batch)
    {
        lock (_gate)
        {
            Committed = batch.Max(r => r.Offset) + 1;
            _commits.Add(Committed);
        }
    }

    public void Rewind(IReadOnlyList<KafkaEventRecord> batch)
    {
        lock (_gate) _position = batch.Min(r => r.Offset);
    }

    public long? Lag()
    {
        lock (_gate) return records - _position;
    }

    public void Dispose() => Disposed = true;

    private KafkaEventRecord Record(long offset) =>
        new(topic, 0, offset, 1_700_000_000_000 + offset, $"key-{offset}", $"{{\"n\":{offset}}}");
}
