using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Storage;

/// <summary>
/// An entity as loaded: its meta row (null when the entity does not exist yet), its extent rows (<c>x|</c>,
/// in row-key order, which is window then numeric extent order), its other rows (such as <c>s|</c>), and which
/// of the segment ids asked about already have a de-duplication row.
/// </summary>
internal sealed record EntitySnapshot(
    EntityKey Key,
    string PartitionKey,
    StoredRow? Meta,
    IReadOnlyList<StoredRow> Extents,
    IReadOnlyList<StoredRow> OtherRows,
    IReadOnlySet<string> AppliedSegmentIds)
{
    public bool Exists => Meta is not null;

    /// <summary>
    /// The meta row was at the ETag the caller said it knew, so extent and other rows were not read (both lists are
    /// empty): the caller's copy of the entity is current.
    /// </summary>
    public bool RowsOmitted { get; init; }

    /// <summary>The ETag to condition the next commit on: null when the entity does not exist.</summary>
    public string? MetaETag => Meta?.ETag;
}
