using ServerlessStreams.Durable.Storage;

namespace ServerlessStreams.Durable.Tests.Storage.Contract;

public abstract partial class WindowEntityStoreContract
{
    [Fact]
    public async Task A_load_at_the_known_meta_ETag_reads_the_meta_row_and_dedupe_rows_but_not_the_extents()
    {
        var key = NewKey();
        var committed = await Commit(key, new EntityChangeSet(null, "{\"v\":1}")
        {
            Upserts = [Extent("w", 1, "{\"count\":1}"), Extent("w", 2, "{\"count\":2}")],
            NewDedupeRows = [Dedupe("t/0/7")],
        });

        var snapshot = await Store.LoadAsync(key, ["t/0/7", "t/0/8"], committed.MetaETag, Ct);

        Assert.True(snapshot.RowsOmitted);
        Assert.Equal(committed.MetaETag, snapshot.MetaETag);
        Assert.Equal("{\"v\":1}", snapshot.Meta!.Data);
        Assert.Empty(snapshot.Extents);
        Assert.Equal(["t/0/7"], snapshot.AppliedSegmentIds);
    }

    [Fact]
    public async Task A_load_at_a_stale_meta_ETag_reads_every_row()
    {
        var key = NewKey();
        var first = await Commit(key, new EntityChangeSet(null, "{\"v\":1}") { Upserts = [Extent("w", 1, "{\"count\":1}")] });
        var second = await Commit(key, new EntityChangeSet(first.MetaETag, "{\"v\":2}") { Upserts = [Extent("w", 2, "{\"count\":1}")] });

        var snapshot = await Store.LoadAsync(key, [], first.MetaETag, Ct);

        Assert.False(snapshot.RowsOmitted);
        Assert.Equal(second.MetaETag, snapshot.MetaETag);
        Assert.Equal("{\"v\":2}", snapshot.Meta!.Data);
        Assert.Equal(2, snapshot.Extents.Count);
    }

    [Fact]
    public async Task A_load_with_a_known_ETag_of_an_entity_that_does_not_exist_finds_nothing()
    {
        var snapshot = await Store.LoadAsync(NewKey(), [], "W/\"datetime'2026-01-01T00%3A00%3A00.0000000Z'\"", Ct);

        Assert.False(snapshot.RowsOmitted);
        Assert.False(snapshot.Exists);
        Assert.Empty(snapshot.Extents);
    }
}
