using System.Collections.Concurrent;
using ServerlessStreams.Durable.Storage.Counters;

namespace ServerlessStreams.Durable.Storage.Faults;

/// <summary>
/// Wraps a store and fails chosen commits (or loads) on purpose: before the commit (nothing applied), after it
/// (applied, yet the caller sees <see cref="InjectedStoreFaultException"/>), or through another writer's commit just
/// before it (the caller sees the store's concurrency error). Faults queued with
/// <see cref="FailNextCommit"/> are used in order; otherwise <see cref="CommitPolicy"/> decides per commit.
/// </summary>
internal sealed class FaultInjectingWindowEntityStore : IWindowEntityStore
{
    private readonly IWindowEntityStore _inner;
    private readonly ConcurrentQueue<CommitFault> _commitFaults = new();
    private int _loadFaults;
    private int _injected;

    public FaultInjectingWindowEntityStore(IWindowEntityStore inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    public StoreCounters Counters => _inner.Counters;

    /// <summary>Decides the fault of a commit when none is queued; null injects none.</summary>
    public Func<EntityKey, EntityChangeSet, CommitFault>? CommitPolicy { get; set; }

    /// <summary>How many failures were injected so far.</summary>
    public int InjectedFaults => Volatile.Read(ref _injected);

    public void FailNextCommit(CommitFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        for (var i = 0; i < times; i++)
        {
            _commitFaults.Enqueue(fault);
        }
    }

    public void FailNextLoad(int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        Interlocked.Add(ref _loadFaults, times);
    }

    public Task<EntitySnapshot> LoadAsync(EntityKey key, IReadOnlyCollection<string> segmentIdsToCheck, CancellationToken ct) =>
        LoadAsync(key, segmentIdsToCheck, knownMetaETag: null, ct);

    public Task<EntitySnapshot> LoadAsync(EntityKey key, IReadOnlyCollection<string> segmentIdsToCheck, string? knownMetaETag, CancellationToken ct)
    {
        if (TryTake(ref _loadFaults))
        {
            Interlocked.Increment(ref _injected);
            throw new InjectedStoreFaultException("load", key, CommitFault.BeforeCommit);
        }
        return _inner.LoadAsync(key, segmentIdsToCheck, knownMetaETag, ct);
    }

    public async Task<CommitResult> CommitAsync(EntityKey key, EntityChangeSet changes, CancellationToken ct)
    {
        var fault = _commitFaults.TryDequeue(out var queued) ? queued : CommitPolicy?.Invoke(key, changes) ?? CommitFault.None;
        if (fault == CommitFault.BeforeCommit)
        {
            Interlocked.Increment(ref _injected);
            throw new InjectedStoreFaultException("commit", key, fault);
        }
        if (fault == CommitFault.AnotherWriterFirst)
        {
            Interlocked.Increment(ref _injected);
            var current = await _inner.LoadAsync(key, [], ct).ConfigureAwait(false);
            if (current.Meta is { } meta)
                await _inner.CommitAsync(key, new EntityChangeSet(meta.ETag, meta.Data) { MetaProperties = meta.Properties }, ct).ConfigureAwait(false);
        }
        var result = await _inner.CommitAsync(key, changes, ct).ConfigureAwait(false);
        if (fault == CommitFault.AfterCommit)
        {
            Interlocked.Increment(ref _injected);
            throw new InjectedStoreFaultException("commit", key, fault);
        }
        return result;
    }

    public Task<int> PruneDedupeRowsAsync(EntityKey key, DateTimeOffset olderThan, CancellationToken ct) =>
        _inner.PruneDedupeRowsAsync(key, olderThan, ct);

    public IAsyncEnumerable<EntityKey> ListEntitiesAsync(string job, CancellationToken ct) => _inner.ListEntitiesAsync(job, ct);

    private static bool TryTake(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
