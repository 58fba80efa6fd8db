namespace ServerlessStreams.Durable.Storage.Planning;

internal enum PlannedActionKind
{
    /// <summary>Insert the meta row; it must not exist.</summary>
    AddMeta,
    /// <summary>Replace the meta row at the expected ETag.</summary>
    ReplaceMeta,
    /// <summary>Insert a de-duplication row; it must not exist.</summary>
    AddDedupe,
    /// <summary>Delete a row; it must exist.</summary>
    Delete,
    /// <summary>Insert or replace a row.</summary>
    Upsert,
}

/// <summary>One validated action of a commit, with the exact properties to store.</summary>
internal sealed record PlannedAction(
    PlannedActionKind Kind,
    string RowKey,
    IReadOnlyDictionary<string, object> Properties,
    string? SegmentId = null);
