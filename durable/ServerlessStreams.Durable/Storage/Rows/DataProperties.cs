using System.Globalization;

namespace ServerlessStreams.Durable.Storage.Rows;

/// <summary>
/// Splits a Data payload across string properties <c>Data</c>, <c>Data1</c>, <c>Data2</c>… of at most
/// <see cref="ChunkChars"/> characters each (Tables allow 64 KiB per string), never between the two halves of a
/// surrogate pair, and joins them back.
/// </summary>
internal static class DataProperties
{
    public const int ChunkChars = 32_000;

    public static string NameOf(int index) =>
        index == 0 ? SystemProperties.Data : SystemProperties.Data + index.ToString(CultureInfo.InvariantCulture);

    public static bool IsDataProperty(string name) =>
        name.StartsWith(SystemProperties.Data, StringComparison.OrdinalIgnoreCase)
        && (name.Length == SystemProperties.Data.Length || name.AsSpan(SystemProperties.Data.Length).IndexOfAnyExceptInRange('0', '9') < 0);

    public static IEnumerable<KeyValuePair<string, object>> Split(string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var index = 0;
        var start = 0;
        do
        {
            var length = Math.Min(ChunkChars, data.Length - start);
            if (length == ChunkChars && char.IsHighSurrogate(data[start + length - 1]))
            {
                length--;
            }
            yield return new(NameOf(index), data.Substring(start, length));
            start += length;
            index++;
        }
        while (start < data.Length);
    }

    /// <summary>Sets the Data properties of <paramref name="data"/>; a payload that fits one property takes no enumerator.</summary>
    public static void AddTo(IDictionary<string, object> properties, string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length <= ChunkChars)
        {
            properties[SystemProperties.Data] = data;
            return;
        }
        foreach (var (name, chunk) in Split(data)) properties[name] = chunk;
    }

    public static string Join(Func<string, object?> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (property(NameOf(0)) is not string first)
        {
            return string.Empty;
        }
        if (property(NameOf(1)) is null)
        {
            return first;
        }
        var builder = new System.Text.StringBuilder(first);
        for (var index = 1; property(NameOf(index)) is string chunk; index++)
        {
            builder.Append(chunk);
        }
        return builder.ToString();
    }
}
