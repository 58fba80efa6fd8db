using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Durable.Entities;

internal sealed partial class EntityApplier
{
    /// <summary>
    /// What a step of the state machine changes in the entity, for applying a batch and ticking alike: the meta row
    /// (key-level state, offsets, pending firings, due times), the extent rows the step changed, deletes of the
    /// stored rows it removed, and the batch's new de-duplication rows.
    /// </summary>
    private EntityChangeSet BuildChangeSet(LoadedEntity entity, StepResult step, IReadOnlyDictionary<string, object> metaProperties,
        List<DedupeRow>? dedupeRows)
    {
        List<EntityRow> upserts;
        if (step.TryGetOnlyChanged(out var onlyChanged))
        {
            upserts = [ExtentRow(entity, onlyChanged)];
        }
        else
        {
            upserts = new List<EntityRow>(step.Changed.Count);
            foreach (var extentKey in step.Changed) upserts.Add(ExtentRow(entity, extentKey));
        }
        List<string>? deletes = null;
        if (step.HasRemoved)
        {
            foreach (var extentKey in step.Removed)
            {
                var rowKey = ExtentRowKey(extentKey);
                if (entity.StoredExtentRows.Contains(rowKey)) (deletes ??= []).Add(rowKey);
            }
        }
        deletes = DeletesWithinRoom(entity, upserts, deletes, MaxActions - 1 - upserts.Count - (dedupeRows?.Count ?? 0));

        return new EntityChangeSet(entity.ETag, entity.Meta.Serialize(_codec, entity.State))
        {
            MetaProperties = metaProperties,
            Upserts = upserts,
            Deletes = (IReadOnlyList<string>?)deletes ?? [],
            NewDedupeRows = (IReadOnlyList<DedupeRow>?)dedupeRows ?? [],
        };
    }

    /// <summary>
    /// The deletes that fit the transaction's room, rows retired earlier first; the others stay in the meta row's
    /// retired list for later commits. A retired row written again holds a live extent: it is no longer retired.
    /// </summary>
    private static List<string>? DeletesWithinRoom(LoadedEntity entity, List<EntityRow> upserts, List<string>? removed, int room)
    {
        var retired = entity.Meta.Retired;
        if (retired.Count == 0 && (removed is null || removed.Count <= room)) return removed;
        var waiting = new List<string>(retired.Count + (removed?.Count ?? 0));
        if (retired.Count > 0)
        {
            var written = new HashSet<string>(upserts.Select(row => row.RowKey), StringComparer.Ordinal);
            waiting.AddRange(retired.Where(rowKey => !written.Contains(rowKey)));
        }
        if (removed is not null) waiting.AddRange(removed);
        var now = Math.Clamp(room, 0, waiting.Count);
        entity.Meta.Retired = waiting.GetRange(now, waiting.Count - now);
        // Stored extent rows are those of live extents, as a load finds them.
        foreach (var rowKey in entity.Meta.Retired) entity.StoredExtentRows.Remove(rowKey);
        return waiting.GetRange(0, now);
    }

    private string ExtentRowKey(ExtentKey extentKey) => RowKeys.Extent(stage.Compiled.Windows[extentKey.Window].Id, extentKey.Id);

    private EntityRow ExtentRow(LoadedEntity entity, ExtentKey extentKey) =>
        new(ExtentRowKey(extentKey), _codec.ExtentJson(extentKey, entity.State.Extents[extentKey]));

    /// <summary>The due times are the schedule index: written in the same transaction as the state they come from.</summary>
    private Dictionary<string, object> MetaProperties(KeyState state, DateTimeOffset now) => new()
    {
        [LastActivityProperty] = now,
        [DueTimerProperty] = stage.Machine.NextTimerDue(state) ?? NeverDue,
        [DueWatermarkProperty] = NextWatermarkDue(state),
    };

    /// <summary>When the watermark next matters to the key: a watermark trigger, or an extent to prune.</summary>
    private double NextWatermarkDue(KeyState state) => stage.Machine.NextWatermarkDue(state) ?? NeverDue;
}
