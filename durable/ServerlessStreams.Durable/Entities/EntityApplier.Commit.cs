using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

internal sealed partial class EntityApplier
{
    /// <summary>The meta row's typed properties a sweeper filters on.</summary>
    public const string LastActivityProperty = "LastActivity";

    /// <summary>Processing time (epoch ms) at which the entity's next timer trigger is due; <see cref="NeverDue"/> if none.</summary>
    public const string DueTimerProperty = "DueTimer";

    /// <summary>Watermark (epoch ms) at which the entity's next watermark trigger is due; <see cref="NeverDue"/> if none.</summary>
    public const string DueWatermarkProperty = "DueWatermark";

    /// <summary>A due time later than any real one (Tables have no infinity).</summary>
    public const double NeverDue = 9e15;

    private const int MaxActions = TableLimits.MaxActionsPerTransaction;

    /// <summary>
    /// Room left beyond the extent rows the last chunk changed: the next one often touches a few more (a new extent,
    /// one more sliding extent), and a chunk that outgrows its room costs a reload of the entity.
    /// </summary>
    private const int ExtentChangesMargin = 4;

    /// <summary>
    /// Commits the fresh items, all in one transaction when they fit, else in the largest consecutive chunks that do.
    /// Each chunk's commit holds its state, de-duplication rows and high-water offsets, so every transaction
    /// leaves the entity complete and consistent. What a committed chunk applied, found late or rejected goes to
    /// <paramref name="committed"/> at once: should a later chunk meet another writer, the retry finds the chunk's
    /// segments applied and would not report them again. Its firings stay pending in the meta row, and the retry
    /// delivers them from there. Its late and rejected segments go to <paramref name="beforeCommit"/> before its
    /// commit: once committed, their positions are applied, and a redelivered batch would skip them.
    /// </summary>
    private async Task CommitInChunksAsync(EntityKey entityKey, GroupKey key, LoadedEntity entity, List<KeyedInput> fresh,
        double? watermark, UnappliedSegmentsSink? beforeCommit, ApplyResult outcome, ApplyResult committed, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var index = 0;
        while (index < fresh.Count)
        {
            var take = FirstGuess(fresh, index, entity.ExtentChangesGuess);
            while (true)
            {
                var chunk = index == 0 && take == fresh.Count ? fresh : fresh.GetRange(index, take);
                var results = new List<Segment>(chunk.Count);
                foreach (var item in chunk) results.AddRange(item.Output.Results);
                var step = stage.Machine.Apply(entity.State, key, results, now.ToUnixTimeMilliseconds(), watermark);
                var changes = BuildChanges(entity, chunk, step, now, out var pendingNow);
                if (changes.ActionCount > MaxActions && take > 1)
                {
                    // The chunk touched more extents than guessed: as many fewer items as actions too many fit (a
                    // shorter chunk touches no extent the longer one did not).
                    entity.ExtentChangesGuess = Math.Max(entity.ExtentChangesGuess, changes.Upserts.Count + changes.Deletes.Count);
                    await ReloadAsync(entityKey, entity, ct);
                    take = Math.Max(1, take - (changes.ActionCount - MaxActions));
                    continue;
                }
                if (beforeCommit is not null && (step.HasLate || step.HasRejected))
                    await beforeCommit(step.HasLate ? step.Late : [], step.HasRejected ? step.Rejected : [], ct);
                try
                {
                    // The store rejects a change set over a transaction's limits before sending anything.
                    var commit = await store.CommitAsync(entityKey, changes, ct);
                    entity.ETag = commit.MetaETag;
                    entity.ExtentChangesGuess = Math.Max(changes.Upserts.Count + changes.Deletes.Count + ExtentChangesMargin, entity.ExtentChangesGuess - 1);
                    foreach (var row in changes.Upserts) entity.StoredExtentRows.Add(row.RowKey);
                    foreach (var row in changes.Deletes) entity.StoredExtentRows.Remove(row);
                    committed.Transactions += commit.Transactions;
                    if (step.HasFirings)
                    {
                        outcome.Firings.AddRange(step.Firings);
                        entity.FiringsThisApply = pendingNow;
                    }
                    if (step.HasLate) committed.Late.AddRange(step.Late);
                    if (step.HasRejected) committed.Rejected.AddRange(step.Rejected);
                    committed.Applied += step.Applied;
                    index += take;
                    break;
                }
                catch (ChangeSetRejectedException e)
                {
                    // The chunk changed the state in place; the store still holds what it started from.
                    await ReloadAsync(entityKey, entity, ct);
                    if (take > 1)
                    {
                        take /= 2;
                        continue;
                    }
                    // One segment alone breaks a limit: it cannot be stored, so it goes to the dead letters, before the
                    // next chunk's commit moves the high-water mark past it.
                    var refused = chunk[0].Output.Results
                        .Select(result => new RejectedSegment(result, $"window state of key {Quoted(key)} in task '{stage.Name}' cannot be stored: {e.Reason}"))
                        .ToList();
                    if (beforeCommit is not null) await beforeCommit([], refused, ct);
                    outcome.Rejected.AddRange(refused);
                    index += 1;
                    break;
                }
            }
        }
        if (fresh.Count > 0) outcome.KeyBatches = 1;
        if (entity.Meta.Retired.Count > 0) committed.Transactions += await DeleteRetiredAsync(entityKey, entity, MetaProperties(entity.State, now), ct);
    }

    /// <summary>A key as a reason quotes it: its start when it is long (the segment in the dead letter holds it whole).</summary>
    private static string Quoted(GroupKey key)
    {
        var text = key.ToString();
        return text.Length <= 200 ? text : $"{text[..200]}… ({text.Length} characters)";
    }

    /// <summary>
    /// How many items to try in one transaction: all that are left, unless their de-duplication rows alone (with the
    /// meta row and the room left for extent rows, <see cref="LoadedEntity.ExtentChangesGuess"/>) would overflow it.
    /// </summary>
    private int FirstGuess(List<KeyedInput> fresh, int index, int extentChanges)
    {
        var take = 0;
        var actions = 1 + Math.Max(1, extentChanges);
        for (var i = index; i < fresh.Count; i++)
        {
            if (!fresh[i].OffsetDecides(_hasUniquenessKey) && ++actions > MaxActions) break;
            take++;
        }
        return Math.Max(1, take);
    }

    /// <summary>Puts the entity back as the store holds it, keeping the firings this apply has committed.</summary>
    private async Task ReloadAsync(EntityKey entityKey, LoadedEntity entity, CancellationToken ct)
    {
        var snapshot = await store.LoadAsync(entityKey, [], ct);
        if (snapshot.MetaETag != entity.ETag) throw new EntityChangedException(entityKey);
        var stored = LoadedEntity.From(snapshot, _codec);
        entity.Meta = stored.Meta;
        entity.State = stored.State;
        entity.StoredExtentRows = stored.StoredExtentRows;
    }

    /// <summary>The chunk's change set: its sources' pending firings and high-water offsets, its de-duplication rows, its state.</summary>
    private EntityChangeSet BuildChanges(LoadedEntity entity, List<KeyedInput> chunk, StepResult step, DateTimeOffset now,
        out PendingFirings pendingNow)
    {
        // This apply's firings so far and the chunk's: each firing is written once, however many chunks follow.
        pendingNow = step.HasFirings ? entity.FiringsThisApply.Append(_viewOnly.Newest(step.Firings)) : entity.FiringsThisApply;
        string? lastSource = null;
        foreach (var item in chunk)
        {
            // Items of one source come together; setting a source's pending firings twice is harmless.
            var source = BatchSourceOf(item);
            if (ReferenceEquals(source, lastSource)) continue;
            lastSource = source;
            if (pendingNow.Count == 0) entity.Meta.Pending.Remove(source);
            else entity.Meta.Pending[source] = pendingNow;
        }
        List<DedupeRow>? dedupeRows = null;
        foreach (var item in chunk)
        {
            if (item.PositionKnown)
            {
                var source = SourceOf(item);
                entity.Meta.HighWater[source] = entity.Meta.HighWater.TryGetValue(source, out var highWater)
                    ? OriginPosition.Max(item.Position, highWater)
                    : item.Position;
            }
            if (!item.OffsetDecides(_hasUniquenessKey)) (dedupeRows ??= []).Add(new DedupeRow(item.Output.DedupeId.Value, now));
        }
        return BuildChangeSet(entity, step, MetaProperties(entity.State, now), dedupeRows);
    }
}
