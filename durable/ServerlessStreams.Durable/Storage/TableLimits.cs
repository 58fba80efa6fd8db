namespace ServerlessStreams.Durable.Storage;

/// <summary>
/// Azure Table limits that both stores enforce up front, so the applier can plan transactions that fit.
/// </summary>
internal static class TableLimits
{
    /// <summary>Actions in one entity-group transaction.</summary>
    public const int MaxActionsPerTransaction = 100;

    /// <summary>Payload of one entity-group transaction.</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>One entity (row), measured as the Table service sizes it.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>One string property: 64 KiB of UTF-16.</summary>
    public const int MaxStringPropertyChars = 32 * 1024;

    /// <summary>Properties of one entity besides PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxProperties = 252;

    public const int MaxPropertyNameLength = 255;

    /// <summary>Allowance per action for the multipart framing and headers of a batch request.</summary>
    public const int ActionOverheadBytes = 512;
}
