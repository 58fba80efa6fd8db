using System.Collections.Concurrent;
using System.Collections.Frozen;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// Applies a batch of a function task's segments to its window entities: groups by key, and for each key loads
/// the partition, skips what it has applied already, runs the state machine and commits state, de-duplication
/// rows and meta in one transaction (several ordered ones only when a key's change exceeds a transaction's limits).
/// A conflict with another writer reloads and re-applies the key, so no update is lost and none counts twice.
/// </summary>
internal sealed partial class EntityApplier(
    string job,
    FunctionStage stage,
    IWindowEntityStore store,
    TimeProvider time,
    EntityApplierOptions? options = null)
{
    private readonly EntityApplierOptions _options = options ?? new EntityApplierOptions();
    private readonly KeyStateCodec _codec = new(stage.Compiled);
    private readonly bool _hasUniquenessKey = stage.Compiled.Spec.UniquenessKey is not null;
    private readonly ViewOnlyFirings _viewOnly = new(stage.Compiled);

    /// <summary>
    /// Decoded state of keys this applier committed last, by the meta ETag it committed: the next commit is
    /// conditioned on that ETag without reading first (or, when de-duplication rows must be looked up, a load that
    /// finds the same ETag reuses it). Any other writer changes the ETag, so a stale entry fails its commit and the
    /// key is read again; an entry is claimed by one apply at a time, and forgotten when its commit fails.
    /// </summary>
    private readonly ConcurrentDictionary<GroupKey, LoadedEntity> _decoded = new();

    public FunctionStage Stage => stage;

    /// <summary>Applies the inputs (in source order) with the task's current watermark.</summary>
    public Task<ApplyResult> ApplyAsync(IReadOnlyList<KeyedInput> inputs, double? watermark, CancellationToken ct) =>
        ApplyAsync(inputs, watermark, null, ct);

    /// <summary>
    /// Applies the inputs (in source order) with the task's current watermark; what a key finds late or rejects goes
    /// to <paramref name="beforeCommit"/>, awaited before the commit that records the key's positions. A commit that
    /// fails after it is retried and sends them again, with the same segments: at least once.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<KeyedInput> inputs, double? watermark, UnappliedSegmentsSink? beforeCommit,
        CancellationToken ct)
    {
        var byKey = new Dictionary<GroupKey, List<KeyedInput>>();
        var keyOrder = new List<GroupKey>();
        foreach (var input in inputs)
        {
            if (!byKey.TryGetValue(input.Output.Key, out var list))
            {
                byKey[input.Output.Key] = list = [];
                keyOrder.Add(input.Output.Key);
            }
            list.Add(input);
        }

        // Keys run one after another on this thread until a store call really waits (Azure Tables); then up to
        // MaxParallelKeys wait at once. An in-process store never waits, so it pays no thread hops.
        var pending = new Task<ApplyResult>[keyOrder.Count];
        var inFlight = new List<Task<ApplyResult>>(_options.MaxParallelKeys);
        for (var i = 0; i < keyOrder.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            pending[i] = ApplyKeyAsync(keyOrder[i], byKey[keyOrder[i]], watermark, beforeCommit, ct);
            if (pending[i].IsCompleted) continue;
            inFlight.Add(pending[i]);
            if (inFlight.Count >= _options.MaxParallelKeys) inFlight.Remove(await Task.WhenAny(inFlight));
        }
        await Task.WhenAll(pending);

        var total = new ApplyResult();
        foreach (var result in pending) total.Add(result.Result);
        return total;
    }

    private async Task<ApplyResult> ApplyKeyAsync(GroupKey key, List<KeyedInput> items, double? watermark, UnappliedSegmentsSink? beforeCommit,
        CancellationToken ct)
    {
        var entityKey = EntityKey.Of(job, stage.Name, key);
        var idsToCheck = IdsToCheck(items);
        var committed = new ApplyResult();
        for (var attempt = 0; ; attempt++)
        {
            var cached = _decoded.TryGetValue(key, out var entry) && entry.TryClaim() ? entry : null;
            LoadedEntity? loaded = null;
            try
            {
                IReadOnlySet<string> applied;
                if (cached?.ETag is not null && idsToCheck.Count == 0)
                {
                    // The state this applier committed last is current unless another writer changed the entity
                    // since; then the commit's ETag condition fails and the retry reads it. High-water offsets in
                    // the meta decide duplicates here, so nothing else needs reading first.
                    loaded = cached;
                    applied = FrozenSet<string>.Empty;
                }
                else
                {
                    var snapshot = await store.LoadAsync(entityKey, idsToCheck, cached?.ETag, ct);
                    loaded = cached is not null && snapshot.MetaETag is { } etag && cached.ETag == etag
                        ? cached
                        : LoadedEntity.From(snapshot, _codec);
                    applied = snapshot.AppliedSegmentIds;
                }
                loaded.FiringsThisApply = PendingFirings.Empty;
                var fresh = SelectFresh(items, loaded, applied, out var duplicates, out var replayedSources);
                var outcome = new ApplyResult { Duplicates = duplicates };
                foreach (var source in replayedSources ?? [])
                    if (loaded.Meta.Pending.TryGetValue(source, out var pending)) outcome.Firings.AddRange(pending.Load());
                await CommitInChunksAsync(entityKey, key, loaded, fresh, watermark, beforeCommit, outcome, committed, ct);
                committed.Add(outcome);
                if (!ReferenceEquals(loaded, cached)) Remember(key, loaded);
                return committed;
            }
            catch (Exception e)
            {
                // A failed commit may have changed the state in place: it must never be reused.
                loaded?.Forget();
                cached?.Forget();
                if (e is not (EntityConcurrencyException or DuplicateSegmentException or EntityChangedException) || attempt >= _options.MaxConflictRetries) throw;
                committed.Conflicts++;
            }
            finally
            {
                cached?.Release();
            }
        }
    }

    private int _remembered;

    private void Remember(GroupKey key, LoadedEntity entity)
    {
        // A count of insertions, not ConcurrentDictionary.Count, which takes every lock.
        if (Interlocked.Increment(ref _remembered) > _options.MaxDecodedKeys)
        {
            _decoded.Clear();
            Interlocked.Exchange(ref _remembered, 0);
        }
        _decoded[key] = entity;
    }

    /// <summary>The ids whose de-duplication rows must be looked up: those of items whose offset cannot decide.</summary>
    private IReadOnlyCollection<string> IdsToCheck(List<KeyedInput> items)
    {
        HashSet<string>? ids = null;
        foreach (var item in items)
            if (!item.OffsetDecides(_hasUniquenessKey)) (ids ??= new HashSet<string>(StringComparer.Ordinal)).Add(item.Output.DedupeId.Value);
        return ids is null ? [] : ids;
    }

    /// <summary>The items this key has not applied yet, in order; counts the others.</summary>
    private List<KeyedInput> SelectFresh(List<KeyedInput> items, LoadedEntity loaded, IReadOnlySet<string> applied,
        out int duplicates, out HashSet<string>? replayedSources)
    {
        replayedSources = null;
        var fresh = new List<KeyedInput>(items.Count);
        // A key gets a few items per batch, mostly: a scan of the fresh ones finds a repeat without building a set.
        var seen = items.Count > SmallBatch ? new HashSet<string>(StringComparer.Ordinal) : null;
        duplicates = 0;
        // Positions are compared with the highest one applied or taken so far, not only with the stored one: a batch
        // from an internal topic can hold a segment twice (an upstream batch produced again) or a later one first.
        var highest = new HighestPositions(loaded.Meta.HighWater);
        foreach (var item in items)
        {
            // A redelivery is known by its position, also with a uniqueness key: its rows decide only between records.
            var redelivered = item.PositionKnown && highest.Covers(SourceOf(item), item.Position);
            var isDuplicate = redelivered;
            if (!isDuplicate && !item.OffsetDecides(_hasUniquenessKey))
            {
                isDuplicate = applied.Contains(item.Output.DedupeId.Value)
                    || (seen is null ? HasId(fresh, item.Output.DedupeId.Value) : !seen.Add(item.Output.DedupeId.Value));
            }
            if (!isDuplicate && item.PositionKnown) highest.Raise(SourceOf(item), item.Position);
            if (isDuplicate)
            {
                // A batch delivered again may be one whose firings never reached their sinks: they go again. A new
                // record repeating a uniqueness value says nothing of that, unless its position is unknown.
                if (redelivered || !item.PositionKnown) (replayedSources ??= new HashSet<string>(StringComparer.Ordinal)).Add(BatchSourceOf(item));
                duplicates++;
            }
            else
            {
                fresh.Add(item);
            }
        }
        return fresh;
    }

    private const int SmallBatch = 16;

    private static bool HasId(List<KeyedInput> items, string dedupeId)
    {
        foreach (var item in items)
            if (string.Equals(item.Output.DedupeId.Value, dedupeId, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The partition an item's position counts in: its source record's.</summary>
    private static string SourceOf(KeyedInput item) => EntityMeta.SourceOf(item.Input.Source.Topic, item.Input.Source.Partition);

    /// <summary>
    /// The partition an item's batch was read from, under which the batch's firings stay pending: its source's, or for
    /// an item that came through an internal topic, the internal partition's (a batch holds one, while its items come
    /// from many source partitions).
    /// </summary>
    private static string BatchSourceOf(KeyedInput item) => item.Via ?? SourceOf(item);
}
