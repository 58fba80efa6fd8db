using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

public sealed partial class EntityApplier
{
    /// <summary>The pending-firings source of job completion.</summary>
    public const string CompletionSource = "completion";

    /// <summary>
    /// Completes one key, as a job completes when its input ends: every trigger fires once more (event
    /// <c>completed</c>) for every live extent. The firings are committed as pending, conditioned on the ETag read, so a
    /// completion that races another writer reloads and fires from what that writer left.
    /// </summary>
    public async Task<ApplyResult> CompleteAsync(GroupKey key, CancellationToken ct)
    {
        var entityKey = EntityKey.Of(job, stage.Name, key);
        var conflicts = 0;
        for (var attempt = 0; ; attempt++)
        {
            var snapshot = await store.LoadAsync(entityKey, [], ct);
            if (!snapshot.Exists) return new ApplyResult();
            var entity = LoadedEntity.From(snapshot, _codec);
            var step = stage.Machine.Complete(entity.State, key);
            var result = new ApplyResult { Conflicts = conflicts };
            if (step.Firings.Count == 0) return result;

            entity.Meta.Pending[CompletionSource] = FiringCodec.Save(step.Firings);
            var changes = BuildChangeSet(entity, step, MetaProperties(entity.State, time.GetUtcNow()), dedupeRows: null);
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
}
