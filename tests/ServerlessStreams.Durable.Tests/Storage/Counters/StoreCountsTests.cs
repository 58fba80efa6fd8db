using ServerlessStreams.Durable.Storage.Counters;

namespace ServerlessStreams.Durable.Tests.Storage.Counters;

public sealed class StoreCountsTests
{
    [Fact]
    public void Snapshots_subtract_to_the_work_between_them()
    {
        var counters = new StoreCounters();
        counters.Committed(1, 5, 0);
        var before = counters.Snapshot();

        counters.Loaded(3);
        counters.Committed(2, 150, 4);
        counters.Committed(1, 2, 0);
        counters.Conflicted();
        counters.Duplicated();
        counters.Transacted(1, 0, 100);
        var delta = counters.Snapshot() - before;

        Assert.Equal(new StoreCounts(Loads: 1, RowsRead: 3, Commits: 2, Transactions: 4, RowsWritten: 152, RowsDeleted: 104, Conflicts: 1, Duplicates: 1), delta);
        Assert.Equal(2.0, delta.TransactionsPerCommit);
        Assert.Equal(0, default(StoreCounts).TransactionsPerCommit);
    }

    [Fact]
    public async Task Counting_from_many_threads_loses_nothing()
    {
        var counters = new StoreCounters();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counters.Committed(1, 2, 1);
            }
        })));

        var counts = counters.Snapshot();
        Assert.Equal(80_000, counts.Commits);
        Assert.Equal(160_000, counts.RowsWritten);
        Assert.Equal(80_000, counts.RowsDeleted);
    }
}
