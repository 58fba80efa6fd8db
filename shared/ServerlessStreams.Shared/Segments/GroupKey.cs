using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Segments;

/// <summary>
/// A group key as canonical JSON text: <c>null</c> without group-by, a scalar for one field,
/// an array for a composite key. Text keeps equality, hashing and storage simple and exact.
/// </summary>
public readonly record struct GroupKey(string Json) : IComparable<GroupKey>, IComparable
{
    public static readonly GroupKey None = new("null");

    public bool IsNone => Json == "null";

    public static GroupKey From(JsonNode? value) => new(value?.ToJsonString(CanonicalJson.Options) ?? "null");

    public JsonNode? ToNode() => JsonNode.Parse(Json);

    public int CompareTo(GroupKey other) => string.CompareOrdinal(Json, other.Json);

    public int CompareTo(object? obj) => obj is GroupKey other ? CompareTo(other) : 1;

    public override string ToString() => Json;
}

internal static class CanonicalJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };
}
