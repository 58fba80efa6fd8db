namespace ServerlessStreams.Durable.Storage.Counters;

/// <summary>
/// Running totals of what a store did, safe to update from many threads. Take a <see cref="Snapshot"/> before and
/// after a run and subtract to measure it (transactions per commit, rows written…).
/// </summary>
internal sealed class StoreCounters
{
    private long _loads;
    private long _rowsRead;
    private long _commits;
    private long _transactions;
    private long _rowsWritten;
    private long _rowsDeleted;
    private long _conflicts;
    private long _duplicates;

    public void Loaded(int rowsRead)
    {
        Interlocked.Increment(ref _loads);
        Interlocked.Add(ref _rowsRead, rowsRead);
    }

    public void Committed(int transactions, int rowsWritten, int rowsDeleted)
    {
        Interlocked.Increment(ref _commits);
        Transacted(transactions, rowsWritten, rowsDeleted);
    }

    /// <summary>Transactions outside commits, such as pruning.</summary>
    public void Transacted(int transactions, int rowsWritten, int rowsDeleted)
    {
        Interlocked.Add(ref _transactions, transactions);
        Interlocked.Add(ref _rowsWritten, rowsWritten);
        Interlocked.Add(ref _rowsDeleted, rowsDeleted);
    }

    public void Conflicted() => Interlocked.Increment(ref _conflicts);

    public void Duplicated() => Interlocked.Increment(ref _duplicates);

    public StoreCounts Snapshot() => new(
        Interlocked.Read(ref _loads),
        Interlocked.Read(ref _rowsRead),
        Interlocked.Read(ref _commits),
        Interlocked.Read(ref _transactions),
        Interlocked.Read(ref _rowsWritten),
        Interlocked.Read(ref _rowsDeleted),
        Interlocked.Read(ref _conflicts),
        Interlocked.Read(ref _duplicates));
}
