namespace ServerlessStreams.Durable.Storage.Errors;

/// <summary>A commit deleted a row that does not exist (HTTP 404). Nothing of the rejected commit was applied.</summary>
internal sealed class EntityRowNotFoundException : EntityStoreException
{
    public EntityRowNotFoundException(string table, string partitionKey, string rowKey, Exception? inner = null)
        : base(table, partitionKey, $"table '{table}', PartitionKey '{partitionKey}': row '{rowKey}' to delete does not exist", inner)
    {
        RowKey = rowKey;
    }

    public string RowKey { get; }
}
