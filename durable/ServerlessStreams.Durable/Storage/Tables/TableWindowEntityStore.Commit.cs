using Azure;
using Azure.Data.Tables;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Planning;

namespace ServerlessStreams.Durable.Storage.Tables;

internal sealed partial class TableWindowEntityStore
{
    public async Task<CommitResult> CommitAsync(EntityKey key, EntityChangeSet changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        var tableName = TableNameFor(key.Job);
        var plan = CommitPlanner.Plan(tableName, key, changes);
        var table = await TableAsync(key.Job, ct).ConfigureAwait(false);
        var actions = plan.Actions.Select(a => TableEntities.ToAction(plan.PartitionKey, a, plan.ExpectedMetaETag)).ToList();

        Response<IReadOnlyList<Response>> response;
        try
        {
            response = await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e)
        {
            throw await ExplainAsync(table, plan, e, ct).ConfigureAwait(false);
        }

        var metaETag = response.Value.Count > 0 ? response.Value[0].Headers.ETag?.ToString() : null;
        if (string.IsNullOrEmpty(metaETag))
        {
            metaETag = await ReadMetaETagAsync(table, plan.PartitionKey, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"table '{table.Name}', PartitionKey '{plan.PartitionKey}': the commit succeeded but the meta row cannot be read back");
        }
        Counters.Committed(1, plan.RowsWritten, plan.RowsDeleted);
        return new CommitResult(metaETag, 1, plan.RowsWritten, plan.RowsDeleted);
    }

    /// <summary>
    /// Turns a failed transaction into the store's typed error. The failed action's index says which rule broke;
    /// when the service does not give it, the partition is read to find out.
    /// </summary>
    private async Task<Exception> ExplainAsync(TableClient table, CommitPlan plan, TableTransactionFailedException failure, CancellationToken ct)
    {
        var status = failure.Status;
        if (status is not (404 or 409 or 412))
        {
            return failure;
        }
        var failed = failure.FailedTransactionActionIndex is int index && index >= 0 && index < plan.Actions.Count ? plan.Actions[index] : null;

        if (failed is null || failed.RowKey == RowKeys.Meta)
        {
            var actual = await ReadMetaETagAsync(table, plan.PartitionKey, ct).ConfigureAwait(false);
            var metaMatches = plan.ExpectedMetaETag is null ? actual is null : actual == plan.ExpectedMetaETag;
            if (failed is not null || !metaMatches)
            {
                Counters.Conflicted();
                return new EntityConcurrencyException(table.Name, plan.PartitionKey, RowKeys.Meta, plan.ExpectedMetaETag, actual, failure);
            }
        }

        if (failed is null || failed.Kind == PlannedActionKind.AddDedupe)
        {
            var duplicates = await ExistingDedupeSegmentsAsync(table, plan, ct).ConfigureAwait(false);
            if (duplicates.Count == 0 && failed?.SegmentId is { } reported)
            {
                duplicates.Add(reported);
            }
            if (duplicates.Count > 0)
            {
                Counters.Duplicated();
                return new DuplicateSegmentException(table.Name, plan.PartitionKey, plan.Key, duplicates, failure);
            }
        }

        if (failed?.Kind == PlannedActionKind.Delete)
        {
            return new EntityRowNotFoundException(table.Name, plan.PartitionKey, failed.RowKey, failure);
        }
        if (failed is null && status == 404)
        {
            var missing = await FirstMissingDeleteAsync(table, plan, ct).ConfigureAwait(false);
            if (missing is not null)
            {
                return new EntityRowNotFoundException(table.Name, plan.PartitionKey, missing, failure);
            }
        }
        return failure;
    }

    private async Task<List<string>> ExistingDedupeSegmentsAsync(TableClient table, CommitPlan plan, CancellationToken ct)
    {
        var ids = plan.Actions.Where(a => a.Kind == PlannedActionKind.AddDedupe).Select(a => a.SegmentId!).ToList();
        var existing = await FindDedupeRowsAsync(table, plan.PartitionKey, ids, ct).ConfigureAwait(false);
        return ids.Where(existing.Contains).ToList();
    }

    private static async Task<string?> FirstMissingDeleteAsync(TableClient table, CommitPlan plan, CancellationToken ct)
    {
        foreach (var action in plan.Actions.Where(a => a.Kind == PlannedActionKind.Delete))
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(plan.PartitionKey, action.RowKey, ["RowKey"], ct).ConfigureAwait(false);
            if (!row.HasValue)
            {
                return action.RowKey;
            }
        }
        return null;
    }

    private static async Task<string?> ReadMetaETagAsync(TableClient table, string partitionKey, CancellationToken ct)
    {
        var meta = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKeys.Meta, ["RowKey"], ct).ConfigureAwait(false);
        return meta.HasValue ? meta.Value!.ETag.ToString() : null;
    }
}
