using System.Collections.Concurrent;
using Azure.Data.Tables;
using ServerlessStreams.Durable.Storage.Counters;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Storage.Tables;

/// <summary>
/// The window entity store on Azure Tables (Azurite locally): one partition per entity, one entity-group
/// transaction per commit. Tables are created on first use.
/// </summary>
internal sealed partial class TableWindowEntityStore : IWindowEntityStore
{
    private const string DedupeRangeEnd = "d}";

    private readonly TableServiceClient _service;
    private readonly TableWindowEntityStoreOptions _options;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public TableWindowEntityStore(TableServiceClient service, TableWindowEntityStoreOptions? options = null, StoreCounters? counters = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        _options = options ?? new TableWindowEntityStoreOptions();
        TableWindowEntityStoreOptionsValidator.ThrowIfInvalid(_options);
        _service = service;
        Counters = counters ?? new StoreCounters();
    }

    public static TableWindowEntityStore FromConnectionString(string connectionString, TableWindowEntityStoreOptions? options = null, StoreCounters? counters = null) =>
        new(new TableServiceClient(connectionString), options, counters);

    public StoreCounters Counters { get; }

    public string TableNameFor(string job) => _options.TableName ?? TableNames.ForJob(_options.TableNamePrefix, job);

    public Task<EntitySnapshot> LoadAsync(EntityKey key, IReadOnlyCollection<string> segmentIdsToCheck, CancellationToken ct) =>
        LoadAsync(key, segmentIdsToCheck, knownMetaETag: null, ct);

    public async Task<EntitySnapshot> LoadAsync(EntityKey key, IReadOnlyCollection<string> segmentIdsToCheck, string? knownMetaETag,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(segmentIdsToCheck);
        var table = await TableAsync(key.Job, ct).ConfigureAwait(false);
        var partitionKey = PartitionKeys.For(key);

        var appliedTask = FindDedupeRowsAsync(table, partitionKey, segmentIdsToCheck, ct);
        if (knownMetaETag is not null)
        {
            // A point read of the meta row; the extents are read only when someone else changed the entity.
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, RowKeys.Meta, cancellationToken: ct).ConfigureAwait(false);
            if (current.HasValue && current.Value!.ETag.ToString() == knownMetaETag)
            {
                var known = StoredRows.From(RowKeys.Meta, knownMetaETag, TableEntities.PropertiesOf(current.Value));
                var alreadyApplied = await appliedTask.ConfigureAwait(false);
                Counters.Loaded(1 + alreadyApplied.Count);
                return new EntitySnapshot(key, partitionKey, known, [], [], alreadyApplied) { RowsOmitted = true };
            }
        }
        var rowsTask = ReadRowsAsync(table, partitionKey, ct);
        await Task.WhenAll(rowsTask, appliedTask).ConfigureAwait(false);

        StoredRow? meta = null;
        var extents = new List<StoredRow>();
        var others = new List<StoredRow>();
        foreach (var row in rowsTask.Result)
        {
            if (row.RowKey == RowKeys.Meta)
            {
                meta = row;
            }
            else if (RowKeys.IsExtent(row.RowKey))
            {
                extents.Add(row);
            }
            else
            {
                others.Add(row);
            }
        }
        var applied = appliedTask.Result;
        Counters.Loaded(rowsTask.Result.Count + applied.Count);
        return new EntitySnapshot(key, partitionKey, meta, extents, others, applied);
    }

    /// <summary>Every row of the partition except de-duplication rows, in row-key order.</summary>
    private static async Task<List<StoredRow>> ReadRowsAsync(TableClient table, string partitionKey, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and (RowKey lt {RowKeys.DedupePrefix} or RowKey ge {DedupeRangeEnd})");
        var rows = new List<StoredRow>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(StoredRows.From(entity.RowKey, entity.ETag.ToString(), TableEntities.PropertiesOf(entity)));
        }
        rows.Sort((a, b) => string.CompareOrdinal(a.RowKey, b.RowKey));
        return rows;
    }

    /// <summary>
    /// Which segment ids have a de-duplication row: a few with one exact filter, many with one range query over
    /// the <c>d|</c> rows between the smallest and largest key asked about (RowKey only), never a read per id.
    /// </summary>
    private async Task<HashSet<string>> FindDedupeRowsAsync(TableClient table, string partitionKey, IReadOnlyCollection<string> segmentIds, CancellationToken ct)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        if (segmentIds.Count == 0)
        {
            return applied;
        }
        var idsByRowKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in segmentIds)
        {
            var rowKey = RowKeys.Dedupe(id);
            if (!idsByRowKey.TryGetValue(rowKey, out var ids))
            {
                idsByRowKey[rowKey] = ids = [];
            }
            ids.Add(id);
        }

        string filter;
        if (idsByRowKey.Count <= _options.ExactDedupeLookupLimit)
        {
            var exact = string.Join(" or ", idsByRowKey.Keys.Select(k => TableClient.CreateQueryFilter($"RowKey eq {k}")));
            filter = $"{TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}")} and ({exact})";
        }
        else
        {
            var sorted = idsByRowKey.Keys.Order(StringComparer.Ordinal).ToList();
            filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {sorted[0]} and RowKey le {sorted[^1]}");
        }

        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            if (idsByRowKey.TryGetValue(entity.RowKey, out var ids))
            {
                applied.UnionWith(ids);
            }
        }
        return applied;
    }

    private Task<TableClient> TableAsync(string job, CancellationToken ct)
    {
        var name = TableNameFor(job);
        var lazy = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateTableAsync(n)));
        return lazy.Value.WaitAsync(ct);
    }

    private async Task<TableClient> CreateTableAsync(string name)
    {
        var table = _service.GetTableClient(name);
        try
        {
            await table.CreateIfNotExistsAsync().ConfigureAwait(false);
            return table;
        }
        catch
        {
            _tables.TryRemove(name, out _);
            throw;
        }
    }
}
