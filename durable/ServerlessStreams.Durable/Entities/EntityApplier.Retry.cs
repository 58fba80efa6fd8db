using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Durable.Entities;

internal sealed partial class EntityApplier
{
    /// <summary>
    /// Loads a key's entity, lets <paramref name="prepare"/> decide what to commit (its firings and changes; null to
    /// commit nothing) and commits it conditioned on the ETag read; a commit that loses to another writer reloads and
    /// prepares again; rows it retired for want of room are deleted after. The result counts the conflicts, the
    /// transactions and the committed firings.
    /// </summary>
    private async Task<ApplyResult> LoadAndCommitAsync(EntityKey entityKey,
        Func<EntitySnapshot, ApplyResult, (List<Firing> Firings, LoadedEntity Entity, EntityChangeSet Changes)?> prepare, CancellationToken ct)
    {
        var conflicts = 0;
        for (var attempt = 0; ; attempt++)
        {
            var snapshot = await store.LoadAsync(entityKey, [], ct);
            if (!snapshot.Exists) return new ApplyResult();
            var result = new ApplyResult { Conflicts = conflicts };
            if (prepare(snapshot, result) is not { } commit) return result;
            try
            {
                var committed = await store.CommitAsync(entityKey, commit.Changes, ct);
                result.Transactions += committed.Transactions;
                result.Firings.AddRange(commit.Firings);
                result.KeyBatches = 1;
                commit.Entity.ETag = committed.MetaETag;
                result.Transactions += await DeleteRetiredAsync(entityKey, commit.Entity, commit.Changes.MetaProperties!, ct);
                return result;
            }
            catch (EntityConcurrencyException) when (attempt < _options.MaxConflictRetries)
            {
                conflicts++;
            }
        }
    }
}
