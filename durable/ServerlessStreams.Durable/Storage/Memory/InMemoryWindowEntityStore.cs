using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ServerlessStreams.Durable.Storage.Counters;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Planning;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Storage.Memory;

/// <summary>
/// The in-process window entity store: the same rules as the Table store (atomic commits, ETag conditions,
/// 409 on an existing de-duplication row, the 100-action and size limits), kept in memory. Thread-safe.
/// </summary>
internal sealed class InMemoryWindowEntityStore : IWindowEntityStore
{
    private readonly ConcurrentDictionary<string, MemoryPartition> _partitions = new(StringComparer.Ordinal);
    private long _etagSequence;

    public InMemoryWindowEntityStore(string name = "memory", StoreCounters? counters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Counters = counters ?? new StoreCounters();
    }

    /// <summary>Stands for the table name in errors.</summary>
    public string Name { get; }

    public StoreCounters Counters { get; }

    public Task<EntitySnapshot> LoadAsync(EntityKey key, IReadOnlyCollection<string> segmentIdsToCheck, CancellationToken ct) =>
        LoadAsync(key, segmentIdsToCheck, knownMetaETag: null, ct);

    public Task<EntitySnapshot> LoadAsync(EntityKey key, IReadOnlyCollection<string> segmentIdsToCheck, string? knownMetaETag, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(segmentIdsToCheck);
        ct.ThrowIfCancellationRequested();
        var partitionKey = PartitionKeys.For(key);
        StoredRow? meta = null;
        var extents = new List<StoredRow>();
        var others = new List<StoredRow>();
        var applied = segmentIdsToCheck.Count == 0 ? NoSegmentIds : new HashSet<string>(StringComparer.Ordinal);
        var rowsRead = 0;
        var rowsOmitted = false;

        if (_partitions.TryGetValue(partitionKey, out var partition))
        {
            lock (partition.Gate)
            {
                if (knownMetaETag is not null && partition.TryGetValue(RowKeys.Meta, out var current) && current.ETag == knownMetaETag)
                {
                    meta = StoredRows.From(RowKeys.Meta, current.ETag, current.Properties);
                    rowsRead++;
                    rowsOmitted = true;
                }
                if (!rowsOmitted)
                {
                    // De-duplication rows are looked up one by one below.
                    foreach (var (rowKey, row) in partition.StateRowsInOrder())
                    {
                        rowsRead++;
                        var stored = StoredRows.From(rowKey, row.ETag, row.Properties);
                        if (rowKey == RowKeys.Meta)
                        {
                            meta = stored;
                        }
                        else if (RowKeys.IsExtent(rowKey))
                        {
                            extents.Add(stored);
                        }
                        else
                        {
                            others.Add(stored);
                        }
                    }
                }
                foreach (var segmentId in segmentIdsToCheck)
                {
                    if (partition.ContainsKey(RowKeys.Dedupe(segmentId)))
                    {
                        applied.Add(segmentId);
                        rowsRead++;
                    }
                }
            }
        }

        Counters.Loaded(rowsRead);
        return Task.FromResult(new EntitySnapshot(key, partitionKey, meta, extents, others, applied) { RowsOmitted = rowsOmitted });
    }

    private static readonly HashSet<string> NoSegmentIds = new(StringComparer.Ordinal);

    public Task<CommitResult> CommitAsync(EntityKey key, EntityChangeSet changes, CancellationToken ct)
    {
        var plan = CommitPlanner.Plan(Name, key, changes);
        ct.ThrowIfCancellationRequested();
        var partition = _partitions.GetOrAdd(plan.PartitionKey, _ => new MemoryPartition());
        string metaETag;
        lock (partition.Gate)
        {
            Check(plan, partition);
            metaETag = Apply(plan, partition);
        }
        Counters.Committed(1, plan.RowsWritten, plan.RowsDeleted);
        return Task.FromResult(new CommitResult(metaETag, 1, plan.RowsWritten, plan.RowsDeleted));
    }

    public Task<int> PruneDedupeRowsAsync(EntityKey key, DateTimeOffset olderThan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ct.ThrowIfCancellationRequested();
        if (!_partitions.TryGetValue(PartitionKeys.For(key), out var partition))
        {
            return Task.FromResult(0);
        }
        int pruned;
        lock (partition.Gate)
        {
            var expired = partition.DedupeRows
                .Where(r => r.Value.Properties.TryGetValue(SystemProperties.WrittenAt, out var written)
                    && written is DateTimeOffset time && time < olderThan)
                .Select(r => r.Key)
                .ToList();
            foreach (var rowKey in expired)
            {
                partition.DedupeRows.Remove(rowKey);
            }
            pruned = expired.Count;
        }
        if (pruned > 0)
        {
            Counters.Transacted((pruned + TableLimits.MaxActionsPerTransaction - 1) / TableLimits.MaxActionsPerTransaction, 0, pruned);
        }
        return Task.FromResult(pruned);
    }

    public async IAsyncEnumerable<EntityKey> ListEntitiesAsync(string job, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var keys = new List<(string PartitionKey, EntityKey Key)>();
        foreach (var (partitionKey, partition) in _partitions)
        {
            lock (partition.Gate)
            {
                if (partition.TryGetValue(RowKeys.Meta, out var meta)
                    && StoredRows.KeyOf(partitionKey, meta.Properties) is { } key && key.Job == job)
                {
                    keys.Add((partitionKey, key));
                }
            }
        }
        foreach (var (_, key) in keys.OrderBy(k => k.PartitionKey, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            yield return key;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Checks the plan against the partition in action order, as the Table service does; changes nothing.</summary>
    private void Check(CommitPlan plan, MemoryPartition partition)
    {
        partition.TryGetValue(RowKeys.Meta, out var meta);
        var metaMatches = plan.Meta.Kind == PlannedActionKind.AddMeta ? meta is null : meta?.ETag == plan.ExpectedMetaETag;
        if (!metaMatches)
        {
            Counters.Conflicted();
            throw new EntityConcurrencyException(Name, plan.PartitionKey, RowKeys.Meta, plan.ExpectedMetaETag, meta?.ETag);
        }

        List<string>? duplicates = null;
        foreach (var action in plan.Actions)
        {
            if (action.Kind == PlannedActionKind.AddDedupe && partition.ContainsKey(action.RowKey))
            {
                (duplicates ??= []).Add(action.SegmentId!);
            }
        }
        if (duplicates is not null)
        {
            Counters.Duplicated();
            throw new DuplicateSegmentException(Name, plan.PartitionKey, plan.Key, duplicates);
        }

        foreach (var action in plan.Actions)
        {
            if (action.Kind == PlannedActionKind.Delete && !partition.ContainsKey(action.RowKey))
            {
                throw new EntityRowNotFoundException(Name, plan.PartitionKey, action.RowKey);
            }
        }
    }

    private string Apply(CommitPlan plan, MemoryPartition partition)
    {
        string? metaETag = null;
        foreach (var action in plan.Actions)
        {
            if (action.Kind == PlannedActionKind.Delete)
            {
                partition.Remove(action.RowKey);
                continue;
            }
            var etag = NextETag();
            // The plan built these properties for this commit alone, so the row can keep them.
            partition.Set(action.RowKey, new MemoryRow(etag, action.Properties));
            if (action.RowKey == RowKeys.Meta)
            {
                metaETag = etag;
            }
        }
        return metaETag!;
    }

    private string NextETag() => $"W/\"mem-{Interlocked.Increment(ref _etagSequence)}\"";
}
