namespace ServerlessStreams.Durable.Storage.Counters;

/// <summary>
/// A snapshot of <see cref="StoreCounters"/>. Transactions count successful entity-group transactions;
/// Conflicts count commits rejected for a stale ETag; Duplicates count commits rejected for an existing
/// de-duplication row.
/// </summary>
internal readonly record struct StoreCounts(
    long Loads,
    long RowsRead,
    long Commits,
    long Transactions,
    long RowsWritten,
    long RowsDeleted,
    long Conflicts,
    long Duplicates)
{
    public static StoreCounts operator +(StoreCounts a, StoreCounts b) => new(
        a.Loads + b.Loads,
        a.RowsRead + b.RowsRead,
        a.Commits + b.Commits,
        a.Transactions + b.Transactions,
        a.RowsWritten + b.RowsWritten,
        a.RowsDeleted + b.RowsDeleted,
        a.Conflicts + b.Conflicts,
        a.Duplicates + b.Duplicates);

    public static StoreCounts operator -(StoreCounts after, StoreCounts before) => new(
        after.Loads - before.Loads,
        after.RowsRead - before.RowsRead,
        after.Commits - before.Commits,
        after.Transactions - before.Transactions,
        after.RowsWritten - before.RowsWritten,
        after.RowsDeleted - before.RowsDeleted,
        after.Conflicts - before.Conflicts,
        after.Duplicates - before.Duplicates);

    public double TransactionsPerCommit => Commits == 0 ? 0 : (double)Transactions / Commits;
}
