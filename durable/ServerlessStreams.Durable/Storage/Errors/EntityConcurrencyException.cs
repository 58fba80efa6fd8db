namespace ServerlessStreams.Durable.Storage.Errors;

/// <summary>
/// The meta row was not at the ETag the commit expected: another writer got there first (HTTP 412), or the entity
/// already exists although the commit expected to create it (409 on the meta Add). Reload and re-apply.
/// Nothing of the rejected commit was applied.
/// </summary>
internal sealed class EntityConcurrencyException : EntityStoreException
{
    public EntityConcurrencyException(string table, string partitionKey, string rowKey, string? expectedETag, string? actualETag, Exception? inner = null)
        : base(table, partitionKey,
            $"table '{table}', PartitionKey '{partitionKey}', RowKey '{rowKey}': expected ETag {Show(expectedETag)} but the stored row has {Show(actualETag)}; another writer changed the entity first",
            inner)
    {
        RowKey = rowKey;
        ExpectedETag = expectedETag;
        ActualETag = actualETag;
    }

    public string RowKey { get; }

    /// <summary>The ETag the commit was conditioned on; null when it expected the row not to exist.</summary>
    public string? ExpectedETag { get; }

    /// <summary>The stored row's ETag as far as known when the conflict was seen; null when the row does not exist.</summary>
    public string? ActualETag { get; }

    private static string Show(string? etag) => etag is null ? "(none: row absent)" : $"'{etag}'";
}
