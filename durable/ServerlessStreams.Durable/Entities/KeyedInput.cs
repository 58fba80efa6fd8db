using ServerlessStreams.Segments;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Durable.Entities;

/// <summary>An input segment of a function task with what the task's function made of it.</summary>
internal sealed record KeyedInput(Segment Input, StageOutput Output)
{
    private readonly bool _positionIdentifies = Input.Id.IsSource(Input.Source.Topic, Input.Source.Partition, Input.Source.Offset);

    /// <summary>
    /// An input that came through a task's internal topic: <paramref name="input"/>'s source is the record it derives
    /// from (its origin), <paramref name="index"/> its index among the segments that record made for the task, and
    /// <paramref name="via"/> the internal partition it was read from (<c>topic/partition</c>).
    /// </summary>
    public static KeyedInput Repartitioned(Segment input, StageOutput output, int index, string via) =>
        new(input, output)
        {
            Index = index,
            Via = via,
            PositionIdentifies = input.Id.DescendsFromSource(input.Source.Topic, input.Source.Partition, input.Source.Offset),
        };

    /// <summary>The internal partition a repartitioned input was read from; null for an input straight from its topic.</summary>
    public string? Via { get; private init; }

    /// <summary>The input's index among the segments its source record made for the task; 0 straight from a topic.</summary>
    public int Index { get; private init; }

    /// <summary>Where the input stands in its source partition.</summary>
    public OriginPosition Position => new(Input.Source.Offset, Index);

    /// <summary>Whether the input's position alone identifies it: it derives from its source record and nothing else names it.</summary>
    private bool PositionIdentifies
    {
        get => _positionIdentifies;
        init => _positionIdentifies = value;
    }

    /// <summary>
    /// True when the input's position in its source partition identifies it and the task declares no uniqueness key:
    /// it comes straight from a topic (its id is its coordinates), or through the task's internal topic from such a
    /// record. Then the partition's high-water position decides duplicates and no de-duplication row is written.
    /// </summary>
    public bool OffsetDecides(bool taskHasUniquenessKey) => !taskHasUniquenessKey && _positionIdentifies;

    /// <summary>
    /// True when the input's position identifies it, uniqueness key or not: a position at or below its partition's
    /// high-water position is a redelivery, whatever the de-duplication rows still say (they expire).
    /// </summary>
    public bool PositionKnown => _positionIdentifies;
}
