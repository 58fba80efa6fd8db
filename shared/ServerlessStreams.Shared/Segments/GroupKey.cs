using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Segments;

/// <summary>
/// A group key as canonical JSON text: <c>null</c> without group-by, a scalar for one field,
/// an array for a composite key. Text keeps equality, hashing and storage simple and exact.
/// </summary>
public readonly record struct GroupKey(string Json)
{
    /// <summary>The key of a task without group-by.</summary>
    public static readonly GroupKey None = new("null");

    /// <summary>Whether this is <see cref="None"/>.</summary>
    public bool IsNone => Json == "null";

    /// <summary>The key of a JSON value: its canonical text.</summary>
    public static GroupKey From(JsonNode? value) =>
        new(value is JsonValue scalar && PlainText(scalar) is { } text
            ? text
            : value?.ToJsonString(CanonicalJson.Options) ?? "null");

    /// <summary>The key as a JSON value.</summary>
    public JsonNode? ToNode() => JsonNode.Parse(Json);

    /// <inheritdoc/>
    public override string ToString() => Json;

    /// <summary>
    /// The canonical text of a number or of a string that needs no escaping, made without a JSON writer: grouping
    /// reads a key from every segment. Anything else goes through the writer.
    /// </summary>
    private static string? PlainText(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.ValueKind switch
            {
                JsonValueKind.Number => element.GetRawText(),
                JsonValueKind.String when element.GetRawText() is var raw && IsPlain(raw.AsSpan(1, raw.Length - 2)) => raw,
                _ => null,
            };
        }
        return value.TryGetValue(out string? text) && IsPlain(text) ? string.Concat("\"", text, "\"") : null;
    }

    /// <summary>Printable ASCII without quote or backslash: the characters the canonical writer leaves as they are.</summary>
    private static bool IsPlain(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return false;
        return true;
    }
}

internal static class CanonicalJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };
}
