namespace ServerlessStreams.Durable.Storage.Planning;

/// <summary>
/// A change set checked against the Table limits and turned into ordered actions: meta first, then new
/// de-duplication rows, deletes, upserts. Both stores apply the same plan, so they agree on every rule.
/// </summary>
internal sealed record CommitPlan(
    EntityKey Key,
    string PartitionKey,
    string? ExpectedMetaETag,
    IReadOnlyList<PlannedAction> Actions,
    long EstimatedBytes)
{
    public PlannedAction Meta => Actions[0];

    public int RowsWritten => Actions.Count(a => a.Kind != PlannedActionKind.Delete);

    public int RowsDeleted => Actions.Count(a => a.Kind == PlannedActionKind.Delete);
}
