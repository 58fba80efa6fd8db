using Azure.Data.Tables;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Tests.Azurite;

namespace ServerlessStreams.Durable.Tests.Sinks;

/// <summary>Record tables keep one row per (partition, id): writing a redelivered record again changes nothing.</summary>
public abstract class RecordTableStoreContract
{
    internal abstract IRecordTableStore Records { get; }

    private readonly string _table = "Records" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Writing_the_same_record_twice_keeps_one_row_and_hostile_ids_round_trip()
    {
        await Records.WriteAsync(_table, [("results", "votes/0/7#0", "{\"a\":1}"), ("results", "x?y\\z", "{\"b\":2}")], default);
        await Records.WriteAsync(_table, [("results", "votes/0/7#0", "{\"a\":1}")], default);

        var rows = await Records.ReadAllAsync(_table, default);

        Assert.Equal(2, rows.Count);
        Assert.Contains(("results", "votes/0/7#0", "{\"a\":1}"), rows);
        Assert.Contains(("results", "x?y\\z", "{\"b\":2}"), rows);
    }
}

public sealed class InMemoryRecordTableStoreTests : RecordTableStoreContract
{
    internal override IRecordTableStore Records { get; } = new InMemoryRecordTableStore();
}

[Collection(AzuriteCollection.Name)]
public sealed class TableRecordTableStoreTests(AzuriteFixture azurite) : RecordTableStoreContract
{
    internal override IRecordTableStore Records { get; } = new TableRecordTableStore(new TableServiceClient(azurite.ConnectionString));
}
