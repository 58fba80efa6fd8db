using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Tests.Storage.Contract;

public abstract partial class WindowEntityStoreContract
{
    [Fact]
    public async Task Loading_an_entity_that_was_never_written_finds_nothing()
    {
        var snapshot = await Load(NewKey(), "t/0/1");

        Assert.False(snapshot.Exists);
        Assert.Null(snapshot.MetaETag);
        Assert.Empty(snapshot.Extents);
        Assert.Empty(snapshot.OtherRows);
        Assert.Empty(snapshot.AppliedSegmentIds);
    }

    [Fact]
    public async Task A_commit_round_trips_meta_extents_other_rows_and_dedupe_rows()
    {
        var key = NewKey();
        var id = Guid.NewGuid();
        var metaProperties = new Dictionary<string, object>
        {
            ["LastActivity"] = T0,
            ["Version"] = 7L,
            ["Small"] = 3,
            ["Ratio"] = 0.25,
            ["Live"] = true,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 1, 2, 3 },
            ["Note"] = "n",
        };
        var schedule = new EntityRow(RowKeys.Compose("s", "votes-per-hour", "42"), "{\"due\":1}", new Dictionary<string, object> { ["Due"] = T0.AddHours(1) });
        var changes = new EntityChangeSet(null, "{\"hw\":{\"votes/0\":41}}")
        {
            MetaProperties = metaProperties,
            Upserts = [Extent("votes-per-hour", 5, "{\"count\":2}"), Extent("votes-per-hour", -3, "{\"count\":1}"), Extent("age-sum", 10, "{\"sum\":70}"), schedule],
            NewDedupeRows = [Dedupe("votes/0/40"), Dedupe("votes/0/41")],
        };

        var result = await Commit(key, changes);
        var snapshot = await Load(key, "votes/0/40", "votes/0/41", "votes/0/42");

        Assert.True(snapshot.Exists);
        Assert.Equal(result.MetaETag, snapshot.MetaETag);
        Assert.Equal("{\"hw\":{\"votes/0\":41}}", snapshot.Meta!.Data);
        Assert.Equal(T0, Assert.IsType<DateTimeOffset>(snapshot.Meta.Properties["LastActivity"]));
        Assert.Equal(7L, Assert.IsType<long>(snapshot.Meta.Properties["Version"]));
        Assert.Equal(3, Assert.IsType<int>(snapshot.Meta.Properties["Small"]));
        Assert.Equal(0.25, Assert.IsType<double>(snapshot.Meta.Properties["Ratio"]));
        Assert.True(Assert.IsType<bool>(snapshot.Meta.Properties["Live"]));
        Assert.Equal(id, Assert.IsType<Guid>(snapshot.Meta.Properties["Id"]));
        Assert.Equal([1, 2, 3], Assert.IsType<byte[]>(snapshot.Meta.Properties["Bytes"]));
        Assert.Equal("n", snapshot.Meta.Properties["Note"]);
        Assert.Equal(8, snapshot.Meta.Properties.Count);

        Assert.Equal(
            [RowKeys.Extent("age-sum", 10), RowKeys.Extent("votes-per-hour", -3), RowKeys.Extent("votes-per-hour", 5)],
            snapshot.Extents.Select(e => e.RowKey));
        Assert.Equal(["{\"sum\":70}", "{\"count\":1}", "{\"count\":2}"], snapshot.Extents.Select(e => e.Data));
        Assert.All(snapshot.Extents, e => Assert.False(string.IsNullOrEmpty(e.ETag)));
        Assert.Equal(new ExtentRowKey("votes-per-hour", -3), RowKeys.ParseExtent(snapshot.Extents[1].RowKey));

        var other = Assert.Single(snapshot.OtherRows);
        Assert.Equal(schedule.RowKey, other.RowKey);
        Assert.Equal("{\"due\":1}", other.Data);
        Assert.Equal(T0.AddHours(1), other.Properties["Due"]);

        Assert.Equal(new HashSet<string> { "votes/0/40", "votes/0/41" }, snapshot.AppliedSegmentIds);
    }

    [Fact]
    public async Task A_commit_conditioned_on_the_returned_etag_replaces_upserts_and_deletes_rows()
    {
        var key = NewKey();
        var first = await Commit(key, new EntityChangeSet(null, "m1")
        {
            MetaProperties = new Dictionary<string, object> { ["Old"] = 1 },
            Upserts = [Extent("w", 1, "a"), Extent("w", 2, "b")],
        });

        var second = await Commit(key, new EntityChangeSet(first.MetaETag, "m2")
        {
            Upserts = [Extent("w", 2, "b2"), Extent("w", 3, "c")],
            Deletes = [RowKeys.Extent("w", 1)],
        });
        var snapshot = await Load(key);

        Assert.NotEqual(first.MetaETag, second.MetaETag);
        Assert.Equal(second.MetaETag, snapshot.MetaETag);
        Assert.Equal("m2", snapshot.Meta!.Data);
        Assert.Empty(snapshot.Meta.Properties); // the meta row is replaced whole, not merged
        Assert.Equal([("w", 2L, "b2"), ("w", 3L, "c")],
            snapshot.Extents.Select(e => (RowKeys.ParseExtent(e.RowKey).WindowId, RowKeys.ParseExtent(e.RowKey).ExtentId, e.Data)));
        Assert.Equal(2, second.RowsWritten - 1);
        Assert.Equal(1, second.RowsDeleted);
    }

    [Fact]
    public async Task A_long_payload_is_split_across_properties_and_joined_back()
    {
        var key = NewKey();
        // Surrogate pairs straddle every chunk boundary; non-ASCII and JSON-ish text all through.
        var unit = "{\"name\":\"Zoë\",\"vote\":\"🗳\"}" + new string('x', 31_977) + "😀";
        var data = string.Concat(Enumerable.Repeat(unit, 9)) + "end";
        Assert.True(data.Length > 9 * TableLimits.MaxStringPropertyChars / 2);

        await Commit(key, new EntityChangeSet(null, data) { Upserts = [Extent("w", 0, data)] });
        var snapshot = await Load(key);

        Assert.Equal(data, snapshot.Meta!.Data);
        Assert.Equal(data, Assert.Single(snapshot.Extents).Data);
        Assert.Empty(snapshot.Meta.Properties);
    }

    [Fact]
    public async Task Empty_payloads_round_trip()
    {
        var key = NewKey();
        await Commit(key, new EntityChangeSet(null, "") { Upserts = [Extent("w", 0, "")] });
        var snapshot = await Load(key);

        Assert.Equal("", snapshot.Meta!.Data);
        Assert.Equal("", Assert.Single(snapshot.Extents).Data);
    }

    [Fact]
    public async Task Counters_record_one_transaction_and_every_row_of_a_commit()
    {
        var key = NewKey();
        var before = Store.Counters.Snapshot();

        await Commit(key, new EntityChangeSet(null, "m")
        {
            Upserts = [Extent("w", 1, "a"), Extent("w", 2, "b")],
            NewDedupeRows = [Dedupe("s1")],
        });
        await Load(key, "s1");
        var delta = Store.Counters.Snapshot() - before;

        Assert.Equal(1, delta.Commits);
        Assert.Equal(1, delta.Transactions);
        Assert.Equal(4, delta.RowsWritten);
        Assert.Equal(0, delta.RowsDeleted);
        Assert.Equal(1, delta.Loads);
        Assert.Equal(1.0, delta.TransactionsPerCommit);
    }
}
