using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Tests.Storage.Contract;

public abstract partial class WindowEntityStoreContract
{
    [Fact]
    public async Task A_stale_etag_fails_with_a_concurrency_error_naming_table_keys_and_both_etags_and_applies_nothing()
    {
        var key = NewKey();
        var stale = await Create(key, "m1");
        var current = (await Commit(key, new EntityChangeSet(stale, "m2"))).MetaETag;

        var error = await Assert.ThrowsAsync<EntityConcurrencyException>(() => Commit(key, new EntityChangeSet(stale, "m3")
        {
            Upserts = [Extent("w", 1, "lost")],
            NewDedupeRows = [Dedupe("s1")],
        }));

        Assert.Equal(PartitionKeys.For(key), error.PartitionKey);
        Assert.False(string.IsNullOrEmpty(error.Table));
        Assert.Equal(RowKeys.Meta, error.RowKey);
        Assert.Equal(stale, error.ExpectedETag);
        Assert.Equal(current, error.ActualETag);
        Assert.Contains(error.Table, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.PartitionKey, error.Message, StringComparison.Ordinal);
        Assert.Contains(stale, error.Message, StringComparison.Ordinal);
        Assert.Contains(current, error.Message, StringComparison.Ordinal);

        var snapshot = await Load(key, "s1");
        Assert.Equal(current, snapshot.MetaETag);
        Assert.Equal("m2", snapshot.Meta!.Data);
        Assert.Empty(snapshot.Extents);
        Assert.Empty(snapshot.AppliedSegmentIds);
    }

    [Fact]
    public async Task Creating_an_entity_that_exists_fails_with_a_concurrency_error()
    {
        var key = NewKey();
        var existing = await Create(key, "first");

        var error = await Assert.ThrowsAsync<EntityConcurrencyException>(() => Commit(key, new EntityChangeSet(null, "second")
        {
            Upserts = [Extent("w", 1, "lost")],
        }));

        Assert.Null(error.ExpectedETag);
        Assert.Equal(existing, error.ActualETag);
        var snapshot = await Load(key);
        Assert.Equal("first", snapshot.Meta!.Data);
        Assert.Empty(snapshot.Extents);
    }

    [Fact]
    public async Task Expecting_an_etag_of_an_entity_that_does_not_exist_fails_with_a_concurrency_error()
    {
        var key = NewKey();
        var etag = await Create(NewKey(), "elsewhere");

        var error = await Assert.ThrowsAsync<EntityConcurrencyException>(() => Commit(key, new EntityChangeSet(etag, "m")));

        Assert.Equal(etag, error.ExpectedETag);
        Assert.Null(error.ActualETag);
        Assert.False((await Load(key)).Exists);
    }

    [Fact]
    public async Task An_existing_dedupe_row_fails_the_commit_naming_the_segment_and_applies_nothing()
    {
        var key = NewKey();
        var etag = (await Commit(key, new EntityChangeSet(null, "m1") { NewDedupeRows = [Dedupe("votes/0/7")] })).MetaETag;
        var before = Store.Counters.Snapshot();

        var error = await Assert.ThrowsAsync<DuplicateSegmentException>(() => Commit(key, new EntityChangeSet(etag, "m2")
        {
            Upserts = [Extent("w", 1, "lost")],
            NewDedupeRows = [Dedupe("votes/0/8"), Dedupe("votes/0/7")],
        }));

        Assert.Equal(["votes/0/7"], error.SegmentIds);
        Assert.Equal(key, error.Key);
        Assert.Equal(PartitionKeys.For(key), error.PartitionKey);
        Assert.Contains("votes/0/7", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (Store.Counters.Snapshot() - before).Duplicates);

        var snapshot = await Load(key, "votes/0/7", "votes/0/8");
        Assert.Equal(etag, snapshot.MetaETag);
        Assert.Equal("m1", snapshot.Meta!.Data);
        Assert.Empty(snapshot.Extents);
        Assert.Equal(new HashSet<string> { "votes/0/7" }, snapshot.AppliedSegmentIds);
    }

    [Fact]
    public async Task Deleting_a_row_that_does_not_exist_fails_and_applies_nothing()
    {
        var key = NewKey();
        var etag = await Create(key, "m1");

        var error = await Assert.ThrowsAsync<EntityRowNotFoundException>(() => Commit(key, new EntityChangeSet(etag, "m2")
        {
            Upserts = [Extent("w", 2, "lost")],
            Deletes = [RowKeys.Extent("w", 1)],
        }));

        Assert.Equal(RowKeys.Extent("w", 1), error.RowKey);
        var snapshot = await Load(key);
        Assert.Equal(etag, snapshot.MetaETag);
        Assert.Empty(snapshot.Extents);
    }

    [Fact]
    public async Task Two_writers_retrying_on_conflicts_lose_no_update()
    {
        var key = NewKey();
        await Create(key, "0");

        async Task IncrementFiftyTimes()
        {
            for (var done = 0; done < 50;)
            {
                var snapshot = await Load(key);
                var next = int.Parse(snapshot.Meta!.Data, System.Globalization.CultureInfo.InvariantCulture) + 1;
                try
                {
                    await Commit(key, new EntityChangeSet(snapshot.MetaETag, next.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    done++;
                }
                catch (EntityConcurrencyException)
                {
                    // Another writer got there first: reload and re-apply.
                }
                await Task.Yield();
            }
        }

        await Task.WhenAll(Task.Run(IncrementFiftyTimes), Task.Run(IncrementFiftyTimes));

        Assert.Equal("100", (await Load(key)).Meta!.Data);
    }
}
