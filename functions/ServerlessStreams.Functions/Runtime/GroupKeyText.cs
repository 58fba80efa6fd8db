using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>A group key as queries take it: JSON (<c>"Alice"</c>, <c>null</c>, <c>["a",1]</c>) or, when not JSON, a plain string.</summary>
internal static class GroupKeyText
{
    public static GroupKey Parse(string key)
    {
        try
        {
            return GroupKey.From(JsonNode.Parse(key));
        }
        catch (JsonException)
        {
            return GroupKey.From(JsonValue.Create(key));
        }
    }
}
