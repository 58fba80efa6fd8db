using Azure;
using Azure.Data.Tables;
using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Progress;

/// <summary>
/// Progress rows on Azure Tables: PartitionKey (job, task), RowKey the source partition. A report is a
/// read-compare-write conditioned on the ETag, so concurrent reporters keep the largest event time.
/// </summary>
internal sealed class TableProgressStore(TableServiceClient service, string tableName = "StreamProgress") : IProgressStore
{
    private const string SourceProperty = "Source";
    private const string MaxEventTimeProperty = "MaxEventTime";
    private const string LastActivityProperty = "LastActivity";
    private readonly Lazy<Task<TableClient>> _table = new(async () =>
    {
        var client = service.GetTableClient(tableName);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task ReportAsync(string job, string task, IReadOnlyDictionary<string, double> maxEventTimes, DateTimeOffset now, CancellationToken ct)
    {
        var table = await _table.Value;
        var partitionKey = PartitionOf(job, task);
        foreach (var (source, time) in maxEventTimes)
        {
            var rowKey = KeyEscaping.Escape(source);
            for (var attempt = 0; ; attempt++)
            {
                var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: ct);
                var entity = new TableEntity(partitionKey, rowKey)
                {
                    [SourceProperty] = source,
                    [MaxEventTimeProperty] = existing.HasValue ? Math.Max(existing.Value!.GetDouble(MaxEventTimeProperty) ?? time, time) : time,
                    [LastActivityProperty] = now,
                };
                try
                {
                    if (existing.HasValue) await table.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, ct);
                    else await table.AddEntityAsync(entity, ct);
                    break;
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 10)
                {
                    // Another instance reported at the same moment: read again and keep the larger time.
                }
            }
        }
    }

    public async Task RegisterAsync(string job, string task, IEnumerable<string> sources, DateTimeOffset now, CancellationToken ct)
    {
        var table = await _table.Value;
        var partitionKey = PartitionOf(job, task);
        foreach (var source in sources)
        {
            try
            {
                await table.AddEntityAsync(new TableEntity(partitionKey, KeyEscaping.Escape(source))
                {
                    [SourceProperty] = source,
                    [MaxEventTimeProperty] = PartitionProgress.NoData,
                    [LastActivityProperty] = now,
                }, ct);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Known already.
            }
        }
    }

    public async Task<IReadOnlyList<PartitionProgress>> ReadAsync(string job, string task, CancellationToken ct)
    {
        var table = await _table.Value;
        var rows = new List<PartitionProgress>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == PartitionOf(job, task), cancellationToken: ct))
        {
            rows.Add(new PartitionProgress(
                entity.GetString(SourceProperty),
                entity.GetDouble(MaxEventTimeProperty) ?? 0,
                entity.GetDateTimeOffset(LastActivityProperty) ?? DateTimeOffset.MinValue));
        }
        return rows;
    }

    private static string PartitionOf(string job, string task) => KeyEscaping.Escape(job) + "|" + KeyEscaping.Escape(task);
}
