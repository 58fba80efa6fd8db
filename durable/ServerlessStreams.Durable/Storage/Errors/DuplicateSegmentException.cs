namespace ServerlessStreams.Durable.Storage.Errors;

/// <summary>
/// A de-duplication row the commit meant to add already exists (HTTP 409): those segments were applied before.
/// Nothing of the rejected commit was applied.
/// </summary>
internal sealed class DuplicateSegmentException : EntityStoreException
{
    public DuplicateSegmentException(string table, string partitionKey, EntityKey key, IReadOnlyList<string> segmentIds, Exception? inner = null)
        : base(table, partitionKey,
            $"table '{table}', PartitionKey '{partitionKey}' (entity {key}): segment(s) already applied: {string.Join(", ", segmentIds.Select(id => $"'{id}'"))}",
            inner)
    {
        Key = key;
        SegmentIds = segmentIds;
    }

    public EntityKey Key { get; }

    /// <summary>The duplicate segment ids found (at least one).</summary>
    public IReadOnlyList<string> SegmentIds { get; }
}
