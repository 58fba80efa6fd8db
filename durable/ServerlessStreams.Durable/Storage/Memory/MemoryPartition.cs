namespace ServerlessStreams.Durable.Storage.Memory;

/// <summary>The rows of one entity in row-key order, guarded by one lock so a commit is atomic.</summary>
internal sealed class MemoryPartition
{
    public object Gate { get; } = new();

    public SortedDictionary<string, MemoryRow> Rows { get; } = new(StringComparer.Ordinal);
}
