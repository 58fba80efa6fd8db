using System.Text.Json;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>Lenient reading of host payloads: property names compare case-insensitively, as Json.NET reads them.</summary>
internal static class JsonLookup
{
    public static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value)) return true;
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The kind and a short excerpt of a value, for error messages.</summary>
    public static string Describe(JsonElement value)
    {
        var raw = value.ValueKind == JsonValueKind.Undefined ? "" : value.GetRawText();
        if (raw.Length > 60) raw = raw[..57] + "...";
        return $"{value.ValueKind.ToString().ToLowerInvariant()} {raw}".TrimEnd();
    }
}
