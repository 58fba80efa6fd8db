using System.Collections.Concurrent;
using Azure.Data.Tables;
using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Sinks;

/// <summary>
/// Tables that hold records as rows: table outputs, and dead-letter or late-data destinations of kind table.
/// A row's key is derived from the record's identity, so writing a redelivered record again changes nothing.
/// </summary>
public interface IRecordTableStore
{
    /// <summary>Upserts JSON records; <c>partition</c> groups them (the task), <c>id</c> identifies each.</summary>
    Task WriteAsync(string table, IReadOnlyList<(string Partition, string Id, string Json)> records, CancellationToken ct);

    Task<IReadOnlyList<(string Partition, string Id, string Json)>> ReadAllAsync(string table, CancellationToken ct);
}

public sealed class InMemoryRecordTableStore : IRecordTableStore
{
    private readonly ConcurrentDictionary<(string Table, string Partition, string Id), string> _rows = new();

    public Task WriteAsync(string table, IReadOnlyList<(string Partition, string Id, string Json)> records, CancellationToken ct)
    {
        foreach (var (partition, id, json) in records) _rows[(table, partition, id)] = json;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<(string Partition, string Id, string Json)>> ReadAllAsync(string table, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<(string, string, string)>>(_rows
            .Where(r => r.Key.Table == table)
            .OrderBy(r => r.Key.Partition, StringComparer.Ordinal).ThenBy(r => r.Key.Id, StringComparer.Ordinal)
            .Select(r => (r.Key.Partition, r.Key.Id, r.Value)).ToList());
}

public sealed class TableRecordTableStore(TableServiceClient service) : IRecordTableStore
{
    private const string JsonProperty = "Json";
    private const string IdProperty = "Id";
    private const string PartitionProperty = "Partition";
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public async Task WriteAsync(string table, IReadOnlyList<(string Partition, string Id, string Json)> records, CancellationToken ct)
    {
        var client = await TableAsync(table, ct);
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
        var client = await TableAsync(table, ct);
        var rows = new List<(string, string, string)>();
        await foreach (var entity in client.QueryAsync<TableEntity>(cancellationToken: ct))
            rows.Add((entity.GetString(PartitionProperty), entity.GetString(IdProperty), entity.GetString(JsonProperty)));
        return rows;
    }

    private Task<TableClient> TableAsync(string table, CancellationToken ct) =>
        _tables.GetOrAdd(table, name => new Lazy<Task<TableClient>>(async () =>
        {
            var client = service.GetTableClient(name);
            await client.CreateIfNotExistsAsync(ct);
            return client;
        })).Value;
}
