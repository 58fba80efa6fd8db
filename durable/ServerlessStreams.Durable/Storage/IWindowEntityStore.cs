using ServerlessStreams.Durable.Storage.Counters;

namespace ServerlessStreams.Durable.Storage;

/// <summary>
/// Row-level storage of window entities: one partition per <see cref="EntityKey"/>, holding a <c>meta</c> row,
/// extent rows (<c>x|</c>), de-duplication rows (<c>d|</c>) and any other rows. Payloads are opaque strings.
/// Every commit is one atomic entity-group transaction conditioned on the meta row's ETag.
/// Implementations: <see cref="Tables.TableWindowEntityStore"/> (Azure Tables) and
/// <see cref="Memory.InMemoryWindowEntityStore"/> (in-process, same rules); one contract suite tests both.
/// </summary>
internal interface IWindowEntityStore
{
    /// <summary>Totals of what this store did (loads, transactions, rows written, conflicts).</summary>
    StoreCounters Counters { get; }

    /// <summary>
    /// Reads the entity: meta row (null when it does not exist), extent rows, other rows, and which of
    /// <paramref name="segmentIdsToCheck"/> already have a de-duplication row.
    /// </summary>
    Task<EntitySnapshot> LoadAsync(EntityKey key, IReadOnlyCollection<string> segmentIdsToCheck, CancellationToken ct);

    /// <summary>
    /// As <see cref="LoadAsync(EntityKey, IReadOnlyCollection{string}, CancellationToken)"/>, but when the meta row is
    /// still at <paramref name="knownMetaETag"/> (the caller holds the entity as of that ETag) the extent and other
    /// rows are not read: the snapshot has <see cref="EntitySnapshot.RowsOmitted"/> set and only the meta row.
    /// </summary>
    Task<EntitySnapshot> LoadAsync(EntityKey key, IReadOnlyCollection<string> segmentIdsToCheck, string? knownMetaETag, CancellationToken ct);

    /// <summary>
    /// Applies the change set in one transaction, all or nothing. Throws
    /// <see cref="Errors.EntityConcurrencyException"/> when the meta row is not at the expected ETag,
    /// <see cref="Errors.DuplicateSegmentException"/> when a new de-duplication row exists already,
    /// <see cref="Errors.EntityRowNotFoundException"/> when a deleted row does not exist, and
    /// <see cref="Errors.ChangeSetRejectedException"/> (before sending anything) when the change set breaks a
    /// <see cref="TableLimits"/> limit or a row rule.
    /// </summary>
    Task<CommitResult> CommitAsync(EntityKey key, EntityChangeSet changes, CancellationToken ct);

    /// <summary>Deletes the entity's de-duplication rows written before <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PruneDedupeRowsAsync(EntityKey key, DateTimeOffset olderThan, CancellationToken ct);

    /// <summary>Every entity of the job that has a meta row, with its original key.</summary>
    IAsyncEnumerable<EntityKey> ListEntitiesAsync(string job, CancellationToken ct);
}
