using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

public sealed partial class EntityApplier
{
    /// <summary>The pending-firings source of sweeps.</summary>
    public const string SweeperSource = "sweeper";

    /// <summary>
    /// Fires what time has made due for one key (timer, watermark and percentile-watermark triggers) and commits the
    /// refined state conditioned on the ETag it read: of two racing sweeps only one commits, the other reloads and
    /// finds nothing due, so each (extent, trigger, version) fires once.
    /// </summary>
    public async Task<ApplyResult> TickAsync(GroupKey key, double? watermark, CancellationToken ct)
    {
        var entityKey = EntityKey.Of(job, stage.Name, key);
        var conflicts = 0;
        for (var attempt = 0; ; attempt++)
        {
            var snapshot = await store.LoadAsync(entityKey, [], ct);
            if (!snapshot.Exists) return new ApplyResult();
            var entity = LoadedEntity.From(snapshot, _codec);
            var now = time.GetUtcNow();
            var step = stage.Machine.Tick(entity.State, key, now.ToUnixTimeMilliseconds(), watermark);
            var result = new ApplyResult { Conflicts = conflicts };
            if (entity.Meta.Pending.TryGetValue(SweeperSource, out var pending)) result.Firings.AddRange(pending.Load());
            var hadPending = pending is { Count: > 0 };
            if (step.Firings.Count == 0 && step.Changed.Count == 0 && step.Removed.Count == 0 && !hadPending && !StaleDueTimes(snapshot, entity))
                return result;

            entity.Meta.Pending[SweeperSource] = FiringCodec.Save(step.Firings);
            var properties = MetaProperties(entity.State, now);
            // Firings are delivered after this commit; the entity stays due until the next sweep has delivered
            // them again and cleared them, so a sweeper that dies in between loses no firing.
            if (step.Firings.Count > 0) properties[DueTimerProperty] = (double)now.ToUnixTimeMilliseconds();
            var changes = BuildChangeSet(entity, step, properties, dedupeRows: null);
            try
            {
                var commit = await store.CommitAsync(entityKey, changes, ct);
                result.Transactions += commit.Transactions;
                result.Firings.AddRange(step.Firings);
                result.KeyBatches = 1;
                return result;
            }
            catch (EntityConcurrencyException) when (attempt < _options.MaxConflictRetries)
            {
                conflicts++;
            }
        }
    }

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
