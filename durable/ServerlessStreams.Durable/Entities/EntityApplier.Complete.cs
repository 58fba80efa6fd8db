using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

internal sealed partial class EntityApplier
{
    /// <summary>The pending-firings source of job completion.</summary>
    public const string CompletionSource = "completion";

    /// <summary>
    /// Completes one key, as a job completes when its input ends: every trigger fires once more (event
    /// <c>completed</c>) for every live extent. The firings are committed as pending, conditioned on the ETag read, so a
    /// completion that races another writer reloads and fires from what that writer left.
    /// </summary>
    public Task<ApplyResult> CompleteAsync(GroupKey key, CancellationToken ct) =>
        LoadAndCommitAsync(EntityKey.Of(job, stage.Name, key), (snapshot, _) =>
        {
            var entity = LoadedEntity.From(snapshot, _codec);
            var step = stage.Machine.Complete(entity.State, key);
            if (step.Firings.Count == 0) return null;
            entity.Meta.Pending[CompletionSource] = FiringCodec.Save(step.Firings);
            return (step.Firings, entity, BuildChangeSet(entity, step, MetaProperties(entity.State, time.GetUtcNow()), dedupeRows: null));
        }, ct);
}
