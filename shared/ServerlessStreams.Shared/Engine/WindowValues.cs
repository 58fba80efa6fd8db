using System.Globalization;
using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>Reads window-key values: ISO-8601 strings or epoch milliseconds for times, numbers for numeric keys.</summary>
internal static class WindowValues
{
    /// <summary>The value, or null with a reason when the segment cannot be placed in the window.</summary>
    public static double? Read(JsonObject segment, WindowSpec window, long? recordTimestamp, out string? error)
    {
        error = null;
        if (window.Type == WindowType.Global && window.WindowKey is null) return 0;
        var field = window.WindowKey;
        if (field is null || !segment.TryGetPropertyValue(field, out var node) || node is null)
        {
            if (window.KeyKind == WindowKeyKind.Time && recordTimestamp is { } ts) return ts;
            error = $"window key '{field}' missing";
            return null;
        }
        return ReadValue(node, window.KeyKind, field, out error);
    }

    public static double? ReadValue(JsonNode node, WindowKeyKind kind, string field, out string? error)
    {
        error = null;
        if (node is JsonValue value)
        {
            if (JsonNumbers.TryGetDouble(value, out var number))
                return InRange(number, kind, field, out error);
            if (kind == WindowKeyKind.Time && value.TryGetValue(out string? text) && TryParseTime(text, out var ms))
                return ms;
        }
        error = kind == WindowKeyKind.Time
            ? $"window key '{field}' is not an ISO-8601 time or epoch milliseconds"
            : $"window key '{field}' is not a number";
        return null;
    }

    /// <summary>The largest magnitude a numeric window key may have: doubles are exact integers up to 2^53.</summary>
    public const double MaxNumber = 9_007_199_254_740_992d;

    /// <summary>Epoch milliseconds a firing can still print as an ISO-8601 time (years 0001 to 9999).</summary>
    public static readonly double MinTime = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    public static readonly double MaxTime = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private static double? InRange(double value, WindowKeyKind kind, string field, out string? error)
    {
        error = null;
        var ok = kind == WindowKeyKind.Time
            ? value >= MinTime && value <= MaxTime
            : Math.Abs(value) <= MaxNumber;
        if (ok) return value;
        error = kind == WindowKeyKind.Time
            ? $"window key '{field}' is out of range: {value} epoch milliseconds is outside the years 0001 to 9999"
            : $"window key '{field}' is out of range: {value} is beyond ±2^53";
        return null;
    }

    public static bool TryParseTime(string text, out double epochMs)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            epochMs = time.ToUnixTimeMilliseconds();
            return true;
        }
        epochMs = 0;
        return false;
    }

    /// <summary>A bound as a firing reports it: ISO-8601 UTC with milliseconds for times, the number otherwise.</summary>
    public static JsonNode? FormatBound(double? bound, WindowKeyKind kind) => bound switch
    {
        null => null,
        { } b when kind == WindowKeyKind.Time => JsonValue.Create(FormatTime(b)),
        { } b => JsonValue.Create(b),
    };

    public static string FormatTime(double epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(epochMs)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
