using System.Collections;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Bench.Engine;

/// <summary>A reusable view of consecutive segments of a buffer: one key's part of a grouped batch.</summary>
internal sealed class SegmentRun(Segment[] buffer) : IReadOnlyList<Segment>
{
    private int _from;

    public int Count { get; private set; }

    public Segment this[int index] => (uint)index < (uint)Count ? buffer[_from + index] : throw new ArgumentOutOfRangeException(nameof(index));

    public SegmentRun Of(int from, int count)
    {
        _from = from;
        Count = count;
        return this;
    }

    public IEnumerator<Segment> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return buffer[_from + i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
