using System.Globalization;

namespace ServerlessStreams.Segments;

/// <summary>
/// The record a repartitioned segment derives from (its source topic, partition and offset) and its index among the
/// segments that record made for the task, written <c>topic/partition/offset/index</c>. It travels with the segment
/// through the internal topic, so the window entity skips a redelivered segment by its origin position.
/// </summary>
internal readonly record struct SegmentOrigin(SourceCoordinates Source, int Index)
{
    public OriginPosition Position => new(Source.Offset, Index);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Source.Topic}/{Source.Partition}/{Source.Offset}/{Index}");

    /// <summary>Reads <see cref="ToString"/>'s form; the topic may hold anything but the last three parts are numbers.</summary>
    public static bool TryParse(string text, out SegmentOrigin origin)
    {
        origin = default;
        var indexAt = text.LastIndexOf('/');
        var offsetAt = indexAt > 0 ? text.LastIndexOf('/', indexAt - 1) : -1;
        var partitionAt = offsetAt > 0 ? text.LastIndexOf('/', offsetAt - 1) : -1;
        if (partitionAt <= 0) return false;
        var span = text.AsSpan();
        if (!int.TryParse(span[(partitionAt + 1)..offsetAt], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !long.TryParse(span[(offsetAt + 1)..indexAt], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !int.TryParse(span[(indexAt + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return false;
        origin = new SegmentOrigin(new SourceCoordinates(text[..partitionAt], partition, offset), index);
        return true;
    }
}
