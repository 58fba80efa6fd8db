using Confluent.Kafka;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// The group's committed offsets of the partitions a consumer holds, looked up once each while it holds them: the lag
/// of a partition read nothing from yet counts from there. Only the holder commits a partition, so an offset looked up
/// stays right until the partition is lost; another member may read and commit further meanwhile, so when the
/// assignment changes every offset is looked up again.
/// </summary>
internal sealed class CommittedOffsetCache
{
    private readonly Dictionary<TopicPartition, Offset> _known = [];
    private HashSet<TopicPartition> _heldFor = [];

    /// <summary>Tells what the consumer holds now; a different assignment forgets every offset looked up, and returns true.</summary>
    public bool Hold(IReadOnlyCollection<TopicPartition> assignment)
    {
        if (assignment.Count == _heldFor.Count && assignment.All(_heldFor.Contains)) return false;
        _known.Clear();
        _heldFor = [.. assignment];
        return true;
    }

    /// <summary>The committed offset, from <paramref name="lookUp"/> the first time; null (and asked again) while none is committed.</summary>
    public Offset? Get(TopicPartition partition, Func<TopicPartition, Offset?> lookUp)
    {
        if (_known.TryGetValue(partition, out var known)) return known;
        if (lookUp(partition) is not { } offset) return null;
        _known[partition] = offset;
        return offset;
    }
}
