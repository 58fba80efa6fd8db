namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// How far a consumer group is behind on a topic: per partition, the records between the group's committed offset
/// (the next offset it reads) and the partition's end (its high watermark).
/// </summary>
internal sealed record ConsumerLag(string Group, string Topic, IReadOnlyList<PartitionLag> Partitions)
{
    /// <summary>The records behind, over all partitions.</summary>
    public long Records => Partitions.Sum(p => p.Lag);

    /// <summary>
    /// The lag from the broker's answers, one partition per entry of <paramref name="ends"/>: <paramref name="committed"/>
    /// lacks a partition the group has never committed; <paramref name="starts"/> holds each partition's earliest offset.
    /// </summary>
    public static ConsumerLag Compute(string group, string topic, IReadOnlyDictionary<int, long> committed,
        IReadOnlyDictionary<int, long> starts, IReadOnlyDictionary<int, long> ends)
    {
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(ends);
        var partitions = ends.OrderBy(e => e.Key)
            .Select(e => new PartitionLag(e.Key, committed.TryGetValue(e.Key, out var offset) ? offset : null, starts.GetValueOrDefault(e.Key), e.Value))
            .ToList();
        return new ConsumerLag(group, topic, partitions);
    }
}

/// <summary>
/// One partition's lag. A group with no committed offset here, or one below the partition's start (its records were
/// deleted by retention), reads from the start, as the triggers' consumers do (<c>auto.offset.reset=earliest</c>);
/// so the lag is everything from there to the end, and never negative.
/// </summary>
internal sealed record PartitionLag(int Partition, long? Committed, long Start, long End)
{
    public long Lag => Math.Max(0, End - Math.Max(Committed ?? Start, Start));
}
