namespace ServerlessStreams.Durable.Storage.Tables;

/// <summary>Where the Table store keeps its entities.</summary>
internal sealed class TableWindowEntityStoreOptions
{
    public const string DefaultTableNamePrefix = "Windows";

    /// <summary>One table for every job; when null each job gets its own table named from <see cref="TableNamePrefix"/>.</summary>
    public string? TableName { get; init; }

    public string TableNamePrefix { get; init; } = DefaultTableNamePrefix;

    /// <summary>Segment ids up to this many are looked up with one exact filter; more with one range query over <c>d|</c> rows.</summary>
    public int ExactDedupeLookupLimit { get; init; } = 14;
}
