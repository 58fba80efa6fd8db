using ServerlessStreams.Durable.Storage.Keys;

namespace ServerlessStreams.Durable.Storage.Rows;

/// <summary>Turns stored properties back into a <see cref="StoredRow"/> and an entity's original key.</summary>
internal static class StoredRows
{
    public static StoredRow From<TValue>(string rowKey, string etag, IReadOnlyDictionary<string, TValue> properties)
        where TValue : class?
    {
        var data = DataProperties.Join(name => properties.TryGetValue(name, out var value) ? value : null);
        var own = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (value is null || SystemProperties.IsReserved(name))
            {
                continue;
            }
            own[name] = value is byte[] bytes ? bytes.ToArray() : value;
        }
        return new StoredRow(rowKey, data, etag, own);
    }

    /// <summary>The original key a meta row keeps; falls back to the PartitionKey for rows written without it.</summary>
    public static EntityKey? KeyOf<TValue>(string partitionKey, IReadOnlyDictionary<string, TValue> metaProperties)
        where TValue : class?
    {
        if (metaProperties.TryGetValue(SystemProperties.KeyJob, out var job) && job is string jobName
            && metaProperties.TryGetValue(SystemProperties.KeyTask, out var task) && task is string taskName
            && metaProperties.TryGetValue(SystemProperties.KeyGroup, out var group) && group is string groupKey)
        {
            return new EntityKey(jobName, taskName, groupKey);
        }
        return PartitionKeys.TryParse(partitionKey, out var parsed) ? parsed : null;
    }
}
