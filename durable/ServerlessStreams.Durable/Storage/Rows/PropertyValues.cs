namespace ServerlessStreams.Durable.Storage.Rows;

/// <summary>The typed property values a row may carry, as the Table service stores them.</summary>
internal static class PropertyValues
{
    /// <summary>
    /// The value as it will read back: DateTime becomes a UTC DateTimeOffset, byte arrays are copied;
    /// null when the type is not one Tables can store.
    /// </summary>
    public static object? Normalize(object value) => value switch
    {
        string or int or long or double or bool or Guid => value,
        DateTimeOffset time => time.ToUniversalTime(),
        DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime()),
        byte[] bytes => bytes.ToArray(),
        BinaryData binary => binary.ToArray(),
        _ => null,
    };

    /// <summary>True for a name Tables accept: a letter or underscore, then letters, digits or underscores.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= TableLimits.MaxPropertyNameLength
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.AsSpan().IndexOfAnyExcept(NameChars) < 0;

    private static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>Bytes the Table service counts for one property (8 bytes overhead + name + value).</summary>
    public static long SizeOf(string name, object value) => 8 + 2L * name.Length + value switch
    {
        string text => 4 + TextBytes(text),
        int => 4,
        long or double or DateTimeOffset => 8,
        bool => 1,
        Guid => 16,
        byte[] bytes => 4 + bytes.Length,
        _ => 8,
    };

    /// <summary>
    /// UTF-16 size as the service counts it, or the UTF-8 size where that is larger (characters beyond U+07FF
    /// travel as three bytes), so an estimate never falls short of either.
    /// </summary>
    public static long TextBytes(string text) => Math.Max(2L * text.Length, System.Text.Encoding.UTF8.GetByteCount(text));
}
