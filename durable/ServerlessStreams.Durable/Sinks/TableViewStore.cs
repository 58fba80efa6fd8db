using Azure;
using Azure.Data.Tables;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Sinks;

/// <summary>
/// Table views on Azure Tables: one row per (window, key, extent) in the table a trigger's <c>sync</c> names,
/// PartitionKey from (view, window, key), RowKey the encoded extent id. A row is replaced only by a higher
/// version, conditioned on the ETag read, so concurrent or repeated writers converge on the newest firing.
/// </summary>
internal sealed class TableViewStore(TableServiceClient service) : IViewStore
{
    private const int MaxConflictRetries = 10;
    private readonly TableCache _tables = new(service);

    public async Task WriteAsync(string table, IReadOnlyList<ViewRow> rows, CancellationToken ct)
    {
        var client = await _tables.GetAsync(table, ct);
        foreach (var row in ViewRows.Newest(rows))
            await WriteRowAsync(client, table, row, ct);
    }

    public async Task<IReadOnlyList<ViewRow>> ReadAsync(string table, string windowId, string? groupKey, CancellationToken ct)
    {
        var client = await _tables.GetAsync(table, ct);
        var filter = groupKey is null
            ? TableClient.CreateQueryFilter($"WindowId eq {windowId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKeyOf(table, windowId, groupKey)}");
        var rows = new List<ViewRow>();
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            rows.Add(FromEntity(entity));
        return rows.OrderBy(r => r.GroupKey, StringComparer.Ordinal).ThenBy(r => r.ExtentId).ToList();
    }

    private static async Task WriteRowAsync(TableClient client, string table, ViewRow row, CancellationToken ct)
    {
        var partitionKey = PartitionKeyOf(table, row.WindowId, row.GroupKey);
        var rowKey = RowKeys.EncodeExtentId(row.ExtentId);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: ct);
            try
            {
                if (!existing.HasValue)
                {
                    await client.AddEntityAsync(ToEntity(partitionKey, rowKey, row), ct);
                    return;
                }
                if ((existing.Value!.GetInt64(nameof(ViewRow.Version)) ?? 0) >= row.Version) return;
                await client.UpdateEntityAsync(ToEntity(partitionKey, rowKey, row), existing.Value.ETag, TableUpdateMode.Replace, ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxConflictRetries)
            {
                // Another writer got there first: read again and compare versions.
            }
        }
    }

    private static string PartitionKeyOf(string table, string windowId, string groupKey) =>
        PartitionKeys.For(new EntityKey(table, windowId, groupKey));

    private static TableEntity ToEntity(string partitionKey, string rowKey, ViewRow row) => new(partitionKey, rowKey)
    {
        [nameof(ViewRow.WindowId)] = row.WindowId,
        [nameof(ViewRow.GroupKey)] = row.GroupKey,
        [nameof(ViewRow.ExtentId)] = row.ExtentId,
        [nameof(ViewRow.LowerBound)] = row.LowerBound,
        [nameof(ViewRow.UpperBound)] = row.UpperBound,
        [nameof(ViewRow.TriggerId)] = row.TriggerId,
        [nameof(ViewRow.Event)] = row.Event,
        [nameof(ViewRow.State)] = row.State,
        [nameof(ViewRow.Version)] = row.Version,
    };

    private static ViewRow FromEntity(TableEntity entity) => new()
    {
        WindowId = entity.GetString(nameof(ViewRow.WindowId)),
        GroupKey = entity.GetString(nameof(ViewRow.GroupKey)),
        ExtentId = entity.GetInt64(nameof(ViewRow.ExtentId)) ?? 0,
        LowerBound = entity.GetString(nameof(ViewRow.LowerBound)),
        UpperBound = entity.GetString(nameof(ViewRow.UpperBound)),
        TriggerId = entity.GetString(nameof(ViewRow.TriggerId)),
        Event = entity.GetString(nameof(ViewRow.Event)),
        State = entity.GetString(nameof(ViewRow.State)),
        Version = entity.GetInt64(nameof(ViewRow.Version)) ?? 0,
    };

}
