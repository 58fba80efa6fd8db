namespace ServerlessStreams.Segments;

/// <summary>
/// A segment's deterministic identity: <c>topic/partition/offset</c> for records from outside,
/// <c>parent#n</c> for the n-th segment a stage emits, or the task's uniqueness-key value.
/// Replays therefore produce the same ids.
/// </summary>
public readonly record struct SegmentId(string Value)
{
    /// <summary>The Kafka header that carries a record's segment id.</summary>
    public const string HeaderName = "ss-id";

    internal static SegmentId FromSource(string topic, int partition, long offset) => new($"{topic}/{partition}/{offset}");

    /// <summary>Whether this is <see cref="FromSource"/>'s id for the coordinates, without building that id.</summary>
    internal bool IsSource(string topic, int partition, long offset)
    {
        var rest = Value.AsSpan();
        if (!rest.StartsWith(topic, StringComparison.Ordinal) || rest.Length <= topic.Length || rest[topic.Length] != '/') return false;
        rest = rest[(topic.Length + 1)..];
        Span<char> number = stackalloc char[20];
        if (!partition.TryFormat(number, out var written, provider: System.Globalization.CultureInfo.InvariantCulture)
            || !rest.StartsWith(number[..written], StringComparison.Ordinal) || rest.Length <= written || rest[written] != '/') return false;
        rest = rest[(written + 1)..];
        return offset.TryFormat(number, out written, provider: System.Globalization.CultureInfo.InvariantCulture) && rest.SequenceEqual(number[..written]);
    }

    /// <summary>
    /// Whether this is <see cref="FromSource"/>'s id for the coordinates or a descendant of it (<c>…#n</c>, as a
    /// function's results are): the segment derives from that record and nothing but its position names it.
    /// </summary>
    internal bool DescendsFromSource(string topic, int partition, long offset)
    {
        var hash = Value.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? IsSource(topic, partition, offset) : new SegmentId(Value[..hash]).IsSource(topic, partition, offset);
    }

    internal SegmentId Child(int index) => new($"{Value}#{index}");

    /// <inheritdoc/>
    public override string ToString() => Value;
}
