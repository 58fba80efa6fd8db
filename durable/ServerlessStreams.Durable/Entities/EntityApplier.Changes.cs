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
    private EntityChangeSet BuildChangeSet(LoadedEntity entity, StepResult step, Dictionary<string, object> metaProperties,
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

        return new EntityChangeSet(entity.ETag, entity.Meta.Serialize(_codec, entity.State))
        {
            MetaProperties = metaProperties,
            Upserts = upserts,
            Deletes = (IReadOnlyList<string>?)deletes ?? [],
            NewDedupeRows = (IReadOnlyList<DedupeRow>?)dedupeRows ?? [],
        };
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
