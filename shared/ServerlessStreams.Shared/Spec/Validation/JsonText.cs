using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Spec.Validation;

/// <summary>Tolerant reads of a document that may be malformed, and descriptions of values for messages.</summary>
internal static class JsonText
{
    /// <summary>The non-empty string at <paramref name="key"/>, or null when absent, empty or not a string.</summary>
    public static string? String(JsonObject? obj, string key) => String(obj?[key]);

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
            ? text
            : null;

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>The elements of the array at <paramref name="key"/> with their index; empty when it is not an array.</summary>
    public static IEnumerable<(int Index, JsonNode? Node)> Elements(JsonObject? obj, string key) =>
        obj?[key] is JsonArray array ? array.Select((node, index) => (index, node)) : [];

    /// <summary>The objects of the array at <paramref name="key"/> with their index, skipping non-objects.</summary>
    public static IEnumerable<(int Index, JsonObject Obj)> Objects(JsonObject? obj, string key) =>
        Elements(obj, key).Where(e => e.Node is JsonObject).Select(e => (e.Index, (JsonObject)e.Node!));

    /// <summary>How a message names what it found: <c>a string ('abc')</c>, <c>a number (5)</c>, <c>an array</c>, …</summary>
    public static string Describe(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.String => $"a string ('{Shorten(node!.GetValue<string>())}')",
        JsonValueKind.Number => $"a number ({node!.ToJsonString()})",
        JsonValueKind.True or JsonValueKind.False => $"a boolean ({node!.ToJsonString()})",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
