using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Engine;

/// <summary>
/// Reads numbers from JSON nodes whether they were parsed from text or built in C#: a node made from a
/// <see cref="long"/> or an <see cref="int"/> (as user functions build segments) does not convert to
/// <see cref="double"/> through <c>JsonValue.GetValue&lt;double&gt;</c>.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>
    /// The node's number, when it is a finite one: JSON text such as <c>1e999</c> reads as infinity, which no state
    /// can hold (JSON has no infinity), so it is not a number here.
    /// </summary>
    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        if (TryGetAnyDouble(node, out value) && double.IsFinite(value)) return true;
        value = 0;
        return false;
    }

    private static bool TryGetAnyDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v) return false;
        if (v.TryGetValue(out value)) return true;
        if (v.TryGetValue(out long l)) { value = l; return true; }
        if (v.TryGetValue(out int i)) { value = i; return true; }
        if (v.TryGetValue(out decimal m)) { value = (double)m; return true; }
        if (v.TryGetValue(out float f)) { value = f; return true; }
        if (v.TryGetValue(out ulong ul)) { value = ul; return true; }
        if (v.TryGetValue(out uint ui)) { value = ui; return true; }
        if (v.TryGetValue(out short s)) { value = s; return true; }
        if (v.TryGetValue(out ushort us)) { value = us; return true; }
        if (v.TryGetValue(out byte b)) { value = b; return true; }
        if (v.TryGetValue(out sbyte sb)) { value = sb; return true; }
        if (v.TryGetValue(out JsonElement e) && e.ValueKind == JsonValueKind.Number) return e.TryGetDouble(out value);
        return false;
    }

    /// <summary>The number a stored state field holds; throws naming <paramref name="what"/> when it holds something else.</summary>
    public static double ToDouble(JsonNode node, string what) =>
        TryGetDouble(node, out var value) ? value : throw new InvalidDataException($"{what} is not a number: {node.ToJsonString()}");

    /// <summary>A whole number a stored state field holds; throws naming <paramref name="what"/> when it holds something else.</summary>
    public static long ToInt64(JsonNode node, string what)
    {
        if (node is JsonValue v && v.TryGetValue(out long l)) return l;
        var d = ToDouble(node, what);
        return d == Math.Floor(d) && Math.Abs(d) <= 9_007_199_254_740_992d
            ? (long)d
            : throw new InvalidDataException($"{what} is not a whole number: {node.ToJsonString()}");
    }
}
