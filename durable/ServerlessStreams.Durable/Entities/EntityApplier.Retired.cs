using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Durable.Entities;

internal sealed partial class EntityApplier
{
    /// <summary>
    /// Deletes the rows a commit retired for want of room, in further transactions of the meta row and as many
    /// deletes as fit, each conditioned on the ETag of the one before. Should another writer commit in between, its
    /// commits carry on deleting them; meanwhile retired rows are stored but never loaded.
    /// </summary>
    /// <returns>The transactions committed.</returns>
    private async Task<int> DeleteRetiredAsync(EntityKey entityKey, LoadedEntity entity, IReadOnlyDictionary<string, object> metaProperties,
        CancellationToken ct)
    {
        var transactions = 0;
        while (entity.Meta.Retired.Count > 0)
        {
            var changes = BuildChangeSet(entity, new StepResult(), metaProperties, dedupeRows: null);
            try
            {
                var commit = await store.CommitAsync(entityKey, changes, ct);
                entity.ETag = commit.MetaETag;
                transactions += commit.Transactions;
            }
            catch (EntityConcurrencyException)
            {
                entity.Forget();
                break;
            }
        }
        return transactions;
    }
}
