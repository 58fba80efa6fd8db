namespace ServerlessStreams.Durable.Storage.Rows;

/// <summary>
/// Size of an entity as the Table service counts it: 4 bytes + keys as UTF-16 + per property
/// (8 bytes + name as UTF-16 + value).
/// </summary>
internal static class RowSize
{
    public static long Of(string partitionKey, string rowKey, IEnumerable<KeyValuePair<string, object>> properties)
    {
        var size = 4 + 2L * (partitionKey.Length + rowKey.Length);
        foreach (var (name, value) in properties)
        {
            size += PropertyValues.SizeOf(name, value);
        }
        return size;
    }
}
