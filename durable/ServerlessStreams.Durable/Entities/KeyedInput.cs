using ServerlessStreams.Segments;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Durable.Entities;

/// <summary>An input segment of a function task with what the task's function made of it.</summary>
public sealed record KeyedInput(Segment Input, StageOutput Output)
{
    private readonly bool _idIsSource = Input.Id.IsSource(Input.Source.Topic, Input.Source.Partition, Input.Source.Offset);

    /// <summary>
    /// True when the record's source offset alone identifies it: it comes straight from a topic (its id is its
    /// coordinates) and the task declares no uniqueness key. Then the partition's high-water offset decides
    /// duplicates and no de-duplication row is written.
    /// </summary>
    public bool OffsetDecides(bool taskHasUniquenessKey) => !taskHasUniquenessKey && _idIsSource;
}
