using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

internal sealed partial class EntityApplier
{
    /// <summary>The pending-firings source of sweeps.</summary>
    public const string SweeperSource = "sweeper";

    /// <summary>
    /// Fires what time has made due for one key (timer, watermark and percentile-watermark triggers) and commits the
    /// refined state conditioned on the ETag it read: of two racing sweeps only one commits, the other reloads and
    /// finds nothing due, so each (extent, trigger, version) fires once.
    /// </summary>
    public Task<ApplyResult> TickAsync(GroupKey key, double? watermark, CancellationToken ct) =>
        LoadAndCommitAsync(EntityKey.Of(job, stage.Name, key), (snapshot, result) =>
        {
            var entity = LoadedEntity.From(snapshot, _codec);
            var now = time.GetUtcNow();
            var step = stage.Machine.Tick(entity.State, key, now.ToUnixTimeMilliseconds(), watermark);
            if (entity.Meta.Pending.TryGetValue(SweeperSource, out var pending)) result.Firings.AddRange(pending.Load());
            var hadPending = pending is { Count: > 0 };
            if (step.Firings.Count == 0 && step.Changed.Count == 0 && step.Removed.Count == 0 && !hadPending && entity.Meta.Retired.Count == 0
                && !StaleDueTimes(snapshot, entity))
                return null;

            entity.Meta.Pending[SweeperSource] = FiringCodec.Save(step.Firings);
            var properties = MetaProperties(entity.State, now);
            // Firings are delivered after this commit; the entity stays due until the next sweep has delivered
            // them again and cleared them, so a sweeper that dies in between loses no firing.
            if (step.Firings.Count > 0) properties[DueTimerProperty] = (double)now.ToUnixTimeMilliseconds();
            return (step.Firings, entity, BuildChangeSet(entity, step, properties, dedupeRows: null));
        }, ct);

    /// <summary>True when the stored due times differ from the state's, e.g. a timer with no extent left to fire.</summary>
    private bool StaleDueTimes(EntitySnapshot snapshot, LoadedEntity entity)
    {
        var properties = snapshot.Meta!.Properties;
        var timer = properties.TryGetValue(DueTimerProperty, out var t) ? Convert.ToDouble(t, System.Globalization.CultureInfo.InvariantCulture) : NeverDue;
        var mark = properties.TryGetValue(DueWatermarkProperty, out var w) ? Convert.ToDouble(w, System.Globalization.CultureInfo.InvariantCulture) : NeverDue;
        return timer != (stage.Machine.NextTimerDue(entity.State) ?? NeverDue)
            || mark != NextWatermarkDue(entity.State);
    }
}
