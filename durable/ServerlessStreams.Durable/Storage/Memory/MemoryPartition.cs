namespace ServerlessStreams.Durable.Storage.Memory;

/// <summary>The rows of one entity, guarded by one lock so a commit is atomic.</summary>
internal sealed class MemoryPartition
{
    public object Gate { get; } = new();

    /// <summary>By row key; reads that list rows sort them, as the Table service returns them in row-key order.</summary>
    public Dictionary<string, MemoryRow> Rows { get; } = new(StringComparer.Ordinal);
}
