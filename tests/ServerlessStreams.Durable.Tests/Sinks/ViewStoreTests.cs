using Azure.Data.Tables;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Tests.Azurite;

namespace ServerlessStreams.Durable.Tests.Sinks;

/// <summary>Table views keep the newest version of each (window, key, extent): re-firing changes nothing.</summary>
public abstract class ViewStoreContract
{
    internal abstract IViewStore Views { get; }

    protected string Table { get; } = "View" + Guid.NewGuid().ToString("N")[..12];

    private static ViewRow Row(string key, long extent, long version, string state) => new()
    {
        WindowId = "w",
        GroupKey = key,
        ExtentId = extent,
        LowerBound = "\"2026-11-03T08:00:00.000Z\"",
        UpperBound = "\"2026-11-03T08:59:59.999Z\"",
        TriggerId = "t",
        Event = "segment",
        State = state,
        Version = version,
    };

    [Fact]
    public async Task A_higher_version_replaces_a_row_and_a_lower_or_equal_one_changes_nothing()
    {
        await Views.WriteAsync(Table, [Row("\"a\"", 1, 2, "20")], default);
        await Views.WriteAsync(Table, [Row("\"a\"", 1, 1, "10")], default);
        await Views.WriteAsync(Table, [Row("\"a\"", 1, 2, "99")], default);
        Assert.Equal("20", Assert.Single(await Views.ReadAsync(Table, "w", "\"a\"", default)).State);

        await Views.WriteAsync(Table, [Row("\"a\"", 1, 3, "30")], default);
        Assert.Equal("30", Assert.Single(await Views.ReadAsync(Table, "w", "\"a\"", default)).State);
    }

    [Fact]
    public async Task Rows_read_back_by_key_and_for_a_whole_window_in_key_and_extent_order()
    {
        await Views.WriteAsync(Table, [Row("\"b\"", 2, 1, "2"), Row("\"a\"", 7, 1, "7"), Row("\"a\"", -3, 1, "-3"), Row("\"a\"", 7, 2, "8")], default);

        var all = await Views.ReadAsync(Table, "w", null, default);
        var a = await Views.ReadAsync(Table, "w", "\"a\"", default);

        Assert.Equal([("\"a\"", -3L), ("\"a\"", 7L), ("\"b\"", 2L)], all.Select(r => (r.GroupKey, r.ExtentId)));
        Assert.Equal(["-3", "8"], a.Select(r => r.State));
        Assert.Empty(await Views.ReadAsync(Table, "other", null, default));
    }
}

public sealed class InMemoryViewStoreTests : ViewStoreContract
{
    internal override IViewStore Views { get; } = new InMemoryViewStore();
}

[Collection(AzuriteCollection.Name)]
public sealed class TableViewStoreTests(AzuriteFixture azurite) : ViewStoreContract
{
    internal override IViewStore Views { get; } = new TableViewStore(new TableServiceClient(azurite.ConnectionString));
}
