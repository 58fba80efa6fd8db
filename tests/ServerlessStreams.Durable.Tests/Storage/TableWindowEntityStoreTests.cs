using Azure.Data.Tables;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Durable.Tests.Azurite;
using ServerlessStreams.Durable.Tests.Storage.Contract;

namespace ServerlessStreams.Durable.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableWindowEntityStoreTests : WindowEntityStoreContract
{
    private readonly AzuriteFixture _azurite;
    private readonly string _tableName = "t" + Guid.NewGuid().ToString("N");
    private readonly TableWindowEntityStore _store;

    public TableWindowEntityStoreTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _store = TableWindowEntityStore.FromConnectionString(azurite.ConnectionString, new TableWindowEntityStoreOptions { TableName = _tableName });
    }

    internal override IWindowEntityStore Store => _store;

    [Fact]
    public async Task Errors_name_the_table()
    {
        var key = NewKey();
        await Create(key);

        var error = await Assert.ThrowsAsync<ServerlessStreams.Durable.Storage.Errors.EntityConcurrencyException>(() => Create(key));

        Assert.Equal(_tableName, error.Table);
    }

    [Fact]
    public async Task Without_a_table_name_each_job_gets_its_own_table_created_on_first_use()
    {
        var store = TableWindowEntityStore.FromConnectionString(_azurite.ConnectionString, new TableWindowEntityStoreOptions { TableNamePrefix = "Own" });
        var first = NewKey();
        var second = NewKey();

        await store.CommitAsync(first, new EntityChangeSet(null, "one"), Ct);
        await store.CommitAsync(second, new EntityChangeSet(null, "two"), Ct);

        var service = new TableServiceClient(_azurite.ConnectionString);
        var tables = new List<string>();
        await foreach (var table in service.QueryAsync(cancellationToken: Ct))
        {
            tables.Add(table.Name);
        }
        Assert.Contains(store.TableNameFor(first.Job), tables);
        Assert.Contains(store.TableNameFor(second.Job), tables);
        Assert.NotEqual(store.TableNameFor(first.Job), store.TableNameFor(second.Job));
        Assert.Equal("one", (await store.LoadAsync(first, [], Ct)).Meta!.Data);
        Assert.Equal("two", (await store.LoadAsync(second, [], Ct)).Meta!.Data);
    }

    [Fact]
    public async Task Many_segment_ids_are_checked_with_one_range_query_as_well_as_with_exact_filters()
    {
        var exact = TableWindowEntityStore.FromConnectionString(_azurite.ConnectionString, new TableWindowEntityStoreOptions { TableName = _tableName, ExactDedupeLookupLimit = 14 });
        var ranged = TableWindowEntityStore.FromConnectionString(_azurite.ConnectionString, new TableWindowEntityStoreOptions { TableName = _tableName, ExactDedupeLookupLimit = 0 });
        var key = NewKey();
        string[] stored = ["votes/0/1", "votes/0/10", "votes/0/100", "z/9"];
        await exact.CommitAsync(key, new EntityChangeSet(null, "m") { NewDedupeRows = stored.Select(id => Dedupe(id)).ToList() }, Ct);
        string[] asked = ["votes/0/10", "votes/0/2", "votes/0/100", "a"];

        var byExact = await exact.LoadAsync(key, asked, Ct);
        var byRange = await ranged.LoadAsync(key, asked, Ct);

        var expected = new HashSet<string> { "votes/0/10", "votes/0/100" };
        Assert.Equal(expected, byExact.AppliedSegmentIds);
        Assert.Equal(expected, byRange.AppliedSegmentIds);
    }
}
