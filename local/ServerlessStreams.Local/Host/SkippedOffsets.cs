namespace ServerlessStreams.Local.Host;

/// <summary>
/// Notices records a consumer will never read because the broker deleted them first: a partition's next record comes
/// after the offset the consumer expected (the one after its last record, its committed offset, or where it was
/// rewound to) while the log now starts beyond that offset. Kafka deletes by retention; the embedded Kafka keeps only
/// the last 5 MiB of each partition, so a function that lags further behind loses records, and must not do so silently.
/// A gap that the log still holds (offsets a transaction marker or compaction left out) is no loss.
/// </summary>
internal sealed class SkippedOffsets
{
    private readonly Dictionary<int, long> _expected = [];
    private readonly List<SkippedRange> _skipped = [];

    /// <summary>Forgets what was expected: the partitions were assigned again, or lost.</summary>
    public void Reset() => _expected.Clear();

    /// <summary>The partition's next record is expected at <paramref name="offset"/> (a rewind).</summary>
    public void Expect(int partition, long offset) => _expected[partition] = offset;

    /// <summary>
    /// Records that <paramref name="offset"/> was read from <paramref name="partition"/>. On a gap, asks
    /// <paramref name="logStart"/> where the partition's log starts now; <paramref name="committed"/> gives the group's
    /// committed offset for a partition's first record since it was assigned.
    /// </summary>
    public void Read(int partition, long offset, Func<int, long?> committed, Func<int, long?> logStart)
    {
        var expected = _expected.TryGetValue(partition, out var known) ? known : committed(partition);
        _expected[partition] = offset + 1;
        if (expected is not { } from || offset <= from) return;
        if (logStart(partition) is { } start && start > from) _skipped.Add(new SkippedRange(partition, from, Math.Min(start, offset)));
    }

    /// <summary>The ranges found deleted since the last call.</summary>
    public IReadOnlyList<SkippedRange> Take()
    {
        if (_skipped.Count == 0) return [];
        var taken = _skipped.ToList();
        _skipped.Clear();
        return taken;
    }
}

/// <summary>Offsets <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive) of a partition, deleted before they were read.</summary>
internal readonly record struct SkippedRange(int Partition, long From, long To)
{
    public long Count => To - From;
}
