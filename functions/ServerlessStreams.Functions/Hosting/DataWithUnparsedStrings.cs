using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// An invocation's Data whose large strings were left out of the body's document: each is parsed, and so validated,
/// the first time it is read; a string that is not valid JSON throws <see cref="JsonException"/> then.
/// </summary>
internal sealed class DataWithUnparsedStrings(
    IReadOnlyDictionary<string, JsonElement> parsed,
    IReadOnlyDictionary<string, ReadOnlyMemory<byte>> unparsed) : IReadOnlyDictionary<string, JsonElement>
{
    private readonly Dictionary<string, JsonElement> _strings = new(StringComparer.OrdinalIgnoreCase);

    public JsonElement this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"Data has no '{key}'");

    public IEnumerable<string> Keys => parsed.Keys;

    public IEnumerable<JsonElement> Values => Keys.Select(key => this[key]);

    public int Count => parsed.Count;

    public bool ContainsKey(string key) => parsed.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        if (!parsed.TryGetValue(key, out value)) return false;
        if (!unparsed.TryGetValue(key, out var contents)) return true;
        lock (_strings)
        {
            if (!_strings.TryGetValue(key, out value)) _strings[key] = value = ParseString(key, contents.Span);
        }
        return true;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        foreach (var key in Keys) yield return new(key, this[key]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static JsonElement ParseString(string name, ReadOnlySpan<byte> contents)
    {
        var quoted = new byte[contents.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        contents.CopyTo(quoted.AsSpan(1));
        var reader = new Utf8JsonReader(quoted);
        try
        {
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            // The reader counts from the string's opening quote: say which string, as the body's parse would have.
            throw new JsonException($"Data.{name} is not a valid JSON string: {e.Message} (counted from its opening quote)", e);
        }
    }
}
