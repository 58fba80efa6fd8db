using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Storage;

/// <summary>
/// Everything one commit writes to one entity, applied as one entity-group transaction or not at all:
/// the meta row (always, conditioned on <see cref="ExpectedMetaETag"/>: null means the entity must not exist yet),
/// rows to upsert (extents, schedule-index rows…), rows to delete, and new de-duplication rows (which must not exist).
/// Each row key may appear once. <see cref="ActionCount"/> must stay within <see cref="TableLimits.MaxActionsPerTransaction"/>.
/// </summary>
internal sealed record EntityChangeSet
{
    public EntityChangeSet(string? expectedMetaETag, string metaData)
    {
        ArgumentNullException.ThrowIfNull(metaData);
        ExpectedMetaETag = expectedMetaETag;
        MetaData = metaData;
    }

    public string? ExpectedMetaETag { get; }

    /// <summary>The meta row's payload (version, high-water offsets, …), opaque to the store.</summary>
    public string MetaData { get; }

    /// <summary>Typed properties of the meta row, e.g. a last-activity time a sweeper can query.</summary>
    public IReadOnlyDictionary<string, object>? MetaProperties { get; init; }

    /// <summary>Rows written whole (insert or replace). Not <c>meta</c> and not <c>d|</c> rows.</summary>
    public IReadOnlyList<EntityRow> Upserts { get; init; } = [];

    /// <summary>Row keys to delete; each must exist. Not <c>meta</c> and not <c>d|</c> rows (pruning removes those).</summary>
    public IReadOnlyList<string> Deletes { get; init; } = [];

    /// <summary>De-duplication rows to add; one that exists fails the commit with a duplicate-segment error.</summary>
    public IReadOnlyList<DedupeRow> NewDedupeRows { get; init; } = [];

    /// <summary>Actions this change set takes in a transaction, the meta row included.</summary>
    public int ActionCount => 1 + Upserts.Count + Deletes.Count + NewDedupeRows.Count;
}
