namespace ServerlessStreams.Durable.Storage.Errors;

/// <summary>A failure of the window entity store that names where it happened: table and PartitionKey.</summary>
internal abstract class EntityStoreException : Exception
{
    protected EntityStoreException(string table, string partitionKey, string message, Exception? inner = null)
        : base(message, inner)
    {
        Table = table;
        PartitionKey = partitionKey;
    }

    public string Table { get; }
    public string PartitionKey { get; }
}
