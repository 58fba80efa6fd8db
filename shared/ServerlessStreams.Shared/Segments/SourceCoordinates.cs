namespace ServerlessStreams.Segments;

/// <summary>Where a record came from: enough to find it again and to name it in an error.</summary>
public readonly record struct SourceCoordinates(string Topic, int Partition, long Offset)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Topic}/{Partition}@{Offset}";
}
