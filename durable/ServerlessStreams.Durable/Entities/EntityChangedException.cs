using ServerlessStreams.Durable.Storage;

namespace ServerlessStreams.Durable.Entities;

/// <summary>Another writer changed the entity while a key was being applied: the key is reloaded and applied again.</summary>
internal sealed class EntityChangedException(EntityKey key)
    : Exception($"entity {key} was changed by another writer while it was being applied");
