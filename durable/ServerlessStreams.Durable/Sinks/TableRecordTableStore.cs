using Azure.Data.Tables;
using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Sinks;

/// <summary>Record tables on Azure Tables: PartitionKey the escaped partition, RowKey the escaped (bounded) id.</summary>
internal sealed class TableRecordTableStore(TableServiceClient service) : IRecordTableStore
{
    private const string JsonProperty = "Json";
    private const string IdProperty = "Id";
    private const string PartitionProperty = "Partition";
    private readonly TableCache _tables = new(service);

    public async Task WriteAsync(string table, IReadOnlyList<(string Partition, string Id, string Json)> records, CancellationToken ct)
    {
        var client = await _tables.GetAsync(table, ct);
        foreach (var (partition, id, json) in records)
        {
            var entity = new TableEntity(KeyEscaping.Escape(partition), KeyHashing.Bound(KeyEscaping.Escape(id), RowKeys.MaxLength))
            {
                [PartitionProperty] = partition,
                [IdProperty] = id,
                [JsonProperty] = json,
            };
            await client.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        }
    }

    public async Task<IReadOnlyList<(string Partition, string Id, string Json)>> ReadAllAsync(string table, CancellationToken ct)
    {
        var client = await _tables.GetAsync(table, ct);
        var rows = new List<(string, string, string)>();
        await foreach (var entity in client.QueryAsync<TableEntity>(cancellationToken: ct))
            rows.Add((entity.GetString(PartitionProperty), entity.GetString(IdProperty), entity.GetString(JsonProperty)));
        return rows;
    }

}
