using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Local.Host;

/// <summary>A batch's record coordinates, read from the batch when asked rather than copied for every report.</summary>
internal sealed class BatchCoordinates(IReadOnlyList<KafkaEventRecord> batch) : IReadOnlyList<SourceCoordinates>
{
    public SourceCoordinates this[int index] => new(batch[index].Topic, batch[index].Partition, batch[index].Offset);

    public int Count => batch.Count;

    public IEnumerator<SourceCoordinates> GetEnumerator()
    {
        for (var i = 0; i < batch.Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
