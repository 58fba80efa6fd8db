namespace ServerlessStreams.Durable.Storage.Errors;

/// <summary>
/// A change set that breaks a Table limit or rule (too many actions, too large, a bad row key or property),
/// rejected before anything is sent. Nothing was applied.
/// </summary>
internal sealed class ChangeSetRejectedException : EntityStoreException
{
    public ChangeSetRejectedException(string table, string partitionKey, EntityKey key, string? rowKey, string reason)
        : base(table, partitionKey,
            $"table '{table}', PartitionKey '{partitionKey}' (entity {key}){(rowKey is null ? "" : $", row '{Shorten(rowKey)}'")}: {reason}")
    {
        Key = key;
        RowKey = rowKey;
        Reason = reason;
    }

    public EntityKey Key { get; }
    public string? RowKey { get; }
    public string Reason { get; }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
