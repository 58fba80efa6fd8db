using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Tests.Storage.Contract;

public abstract partial class WindowEntityStoreContract
{
    [Fact]
    public async Task A_change_set_of_exactly_one_hundred_actions_commits_in_one_transaction()
    {
        var key = NewKey();
        var before = Store.Counters.Snapshot();
        var changes = new EntityChangeSet(null, "m")
        {
            Upserts = Enumerable.Range(0, 60).Select(i => Extent("w", i, $"e{i}")).ToList(),
            NewDedupeRows = Enumerable.Range(0, 39).Select(i => Dedupe($"votes/0/{i}")).ToList(),
        };
        Assert.Equal(TableLimits.MaxActionsPerTransaction, changes.ActionCount);

        var result = await Commit(key, changes);
        var snapshot = await Load(key, Enumerable.Range(0, 39).Select(i => $"votes/0/{i}").ToArray());
        var delta = Store.Counters.Snapshot() - before;

        Assert.Equal(1, result.Transactions);
        Assert.Equal(100, result.RowsWritten);
        Assert.Equal(60, snapshot.Extents.Count);
        Assert.Equal(39, snapshot.AppliedSegmentIds.Count);
        Assert.Equal(1, delta.Transactions);
        Assert.Equal(100, delta.RowsWritten);
    }

    [Fact]
    public async Task More_than_one_hundred_actions_are_rejected_up_front_and_nothing_is_written()
    {
        var key = NewKey();
        var changes = new EntityChangeSet(null, "m")
        {
            Upserts = Enumerable.Range(0, 100).Select(i => Extent("w", i, "e")).ToList(),
        };

        var error = await Assert.ThrowsAsync<ChangeSetRejectedException>(() => Commit(key, changes));

        Assert.Contains("101 actions", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 100", error.Message, StringComparison.Ordinal);
        Assert.Equal(PartitionKeys.For(key), error.PartitionKey);
        Assert.Equal(key, error.Key);
        Assert.False((await Load(key)).Exists);
    }

    [Fact]
    public async Task A_row_over_the_entity_size_limit_is_rejected_naming_the_row()
    {
        var key = NewKey();
        var huge = Extent("w", 1, new string('x', TableLimits.MaxEntityBytes / 2));

        var error = await Assert.ThrowsAsync<ChangeSetRejectedException>(() => Commit(key, new EntityChangeSet(null, "m") { Upserts = [huge] }));

        Assert.Equal(huge.RowKey, error.RowKey);
        Assert.Contains(huge.RowKey, error.Message, StringComparison.Ordinal);
        Assert.Contains(TableLimits.MaxEntityBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.False((await Load(key)).Exists);
    }

    [Fact]
    public async Task A_row_just_under_the_entity_size_limit_is_stored()
    {
        var key = NewKey();
        var data = new string('y', TableLimits.MaxEntityBytes / 2 - 2_000);
        Assert.True(RowSize.Of(PartitionKeys.For(key), RowKeys.Extent("w", 1), DataProperties.Split(data)) < TableLimits.MaxEntityBytes);

        await Commit(key, new EntityChangeSet(null, "m") { Upserts = [Extent("w", 1, data)] });

        Assert.Equal(data, Assert.Single((await Load(key)).Extents).Data);
    }

    [Fact]
    public async Task A_change_set_over_the_transaction_size_limit_is_rejected_up_front()
    {
        var key = NewKey();
        var rows = Enumerable.Range(0, 5).Select(i => Extent("w", i, new string('z', 450_000))).ToList();

        var error = await Assert.ThrowsAsync<ChangeSetRejectedException>(() => Commit(key, new EntityChangeSet(null, "m") { Upserts = rows }));

        Assert.Null(error.RowKey);
        Assert.Contains(TableLimits.MaxTransactionBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.False((await Load(key)).Exists);
    }

    [Fact]
    public async Task A_change_set_that_breaks_a_row_rule_is_rejected_up_front()
    {
        var key = NewKey();
        EntityChangeSet[] bad =
        [
            new(null, "m") { Upserts = [new EntityRow(RowKeys.Meta, "x")] },
            new(null, "m") { Upserts = [new EntityRow(RowKeys.Dedupe("s"), "x")] },
            new(null, "m") { Upserts = [Extent("w", 1, "a"), Extent("w", 1, "b")] },
            new(null, "m") { Upserts = [new EntityRow("x|a/b", "x")] },
            new(null, "m") { Upserts = [new EntityRow("x|a\tb", "x")] },
            new(null, "m") { MetaProperties = new Dictionary<string, object> { ["Data1"] = "x" } },
            new(null, "m") { MetaProperties = new Dictionary<string, object> { ["KeyJob"] = "x" } },
            new(null, "m") { MetaProperties = new Dictionary<string, object> { ["bad name"] = "x" } },
            new(null, "m") { MetaProperties = new Dictionary<string, object> { ["Price"] = 1.5m } },
            new(null, "m") { Deletes = [RowKeys.Meta] },
        ];

        foreach (var changes in bad)
        {
            await Assert.ThrowsAsync<ChangeSetRejectedException>(() => Commit(key, changes));
        }
        Assert.False((await Load(key)).Exists);
    }
}
