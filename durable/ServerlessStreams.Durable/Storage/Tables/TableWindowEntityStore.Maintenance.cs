using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Storage.Tables;

internal sealed partial class TableWindowEntityStore
{
    public async Task<int> PruneDedupeRowsAsync(EntityKey key, DateTimeOffset olderThan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        var table = await TableAsync(key.Job, ct).ConfigureAwait(false);
        var partitionKey = PartitionKeys.For(key);
        // Property names go in as text: CreateQueryFilter quotes every interpolated value as a literal.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowKeys.DedupePrefix} and RowKey lt {DedupeRangeEnd}")
            + $" and {SystemProperties.WrittenAt} lt " + TableClient.CreateQueryFilter($"{olderThan.ToUniversalTime()}");

        var expired = new List<(string RowKey, ETag ETag)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            expired.Add((entity.RowKey, entity.ETag));
        }

        var pruned = 0;
        foreach (var chunk in expired.Chunk(TableLimits.MaxActionsPerTransaction))
        {
            pruned += await DeleteAllAsync(table, partitionKey, chunk.ToList(), ct).ConfigureAwait(false);
        }
        return pruned;
    }

    /// <summary>
    /// Deletes the rows in one transaction, each at the ETag it was read with, so a row written again since
    /// (the segment came back after expiring) is left alone. A row gone or changed meanwhile is dropped and the rest retried.
    /// </summary>
    private async Task<int> DeleteAllAsync(TableClient table, string partitionKey, List<(string RowKey, ETag ETag)> rows, CancellationToken ct)
    {
        while (rows.Count > 0)
        {
            var actions = rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, r.RowKey), r.ETag));
            try
            {
                await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
                Counters.Transacted(1, 0, rows.Count);
                return rows.Count;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 412 && e.FailedTransactionActionIndex is int index && index < rows.Count)
            {
                rows.RemoveAt(index);
            }
        }
        return 0;
    }

    public async IAsyncEnumerable<EntityKey> ListEntitiesAsync(string job, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var table = _service.GetTableClient(TableNameFor(job));
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RowKeys.Meta}") + $" and {SystemProperties.KeyJob} eq " + TableClient.CreateQueryFilter($"{job}");
        string[] select = ["PartitionKey", SystemProperties.KeyJob, SystemProperties.KeyTask, SystemProperties.KeyGroup];
        var pages = table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: ct).AsPages().GetAsyncEnumerator(ct);
        try
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    yield break; // the job's table does not exist yet: no entities
                }
                foreach (var entity in pages.Current.Values)
                {
                    if (StoredRows.KeyOf(entity.PartitionKey, TableEntities.PropertiesOf(entity)) is { } key)
                    {
                        yield return key;
                    }
                }
            }
        }
        finally
        {
            await pages.DisposeAsync().ConfigureAwait(false);
        }
    }
}
