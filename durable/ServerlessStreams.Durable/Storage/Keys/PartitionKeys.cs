namespace ServerlessStreams.Durable.Storage.Keys;

/// <summary>
/// The Table PartitionKey of a window entity: <c>escaped(job)|escaped(task)|escaped(groupKey)</c>, or, when that
/// is longer than <see cref="MaxEscapedLength"/>, <c>~~</c> + its SHA-256. Escaped components never contain
/// <c>|</c>, so the three parts cannot run into each other; the meta row keeps the original key for hashed ones.
/// </summary>
internal static class PartitionKeys
{
    /// <summary>Keys longer than this are hashed. Tables allow 1 KiB; 512 ASCII characters stay well inside it.</summary>
    public const int MaxEscapedLength = 512;

    public const char Separator = '|';

    public static string For(EntityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.PartitionKey;
    }

    internal static string Compute(string job, string task, string groupKey)
    {
        var escaped = string.Concat(
            KeyEscaping.Escape(job), Separator.ToString(),
            KeyEscaping.Escape(task), Separator.ToString(),
            KeyEscaping.Escape(groupKey));
        return KeyHashing.Bound(escaped, MaxEscapedLength);
    }

    /// <summary>Recovers the key from a PartitionKey that was not hashed; hashed ones need the meta row.</summary>
    public static bool TryParse(string partitionKey, out EntityKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(partitionKey) || KeyHashing.IsHashed(partitionKey))
        {
            return false;
        }
        var parts = partitionKey.Split(Separator);
        if (parts.Length != 3)
        {
            return false;
        }
        try
        {
            key = new EntityKey(KeyEscaping.Unescape(parts[0]), KeyEscaping.Unescape(parts[1]), KeyEscaping.Unescape(parts[2]));
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }
}
