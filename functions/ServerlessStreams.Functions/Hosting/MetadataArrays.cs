using System.Text.Json;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// The per-record arrays a kafkaTrigger invocation carries in Metadata (<c>OffsetArray</c>, <c>KeyArray</c>, ...).
/// The host sends each as a JSON string holding the array; a real array is accepted too.
/// </summary>
internal sealed class MetadataArrays
{
    private readonly JsonElement? _metadata;
    private readonly IReadOnlyDictionary<string, JsonElement>? _properties;
    private readonly Dictionary<string, JsonElement?> _arrays = new(StringComparer.OrdinalIgnoreCase);

    public MetadataArrays(JsonElement? metadata)
    {
        _metadata = metadata is { ValueKind: JsonValueKind.Object } ? metadata : null;
    }

    /// <summary>Reads the arrays from an invocation's Metadata properties, only when a record needs them.</summary>
    public MetadataArrays(IReadOnlyDictionary<string, JsonElement> properties)
    {
        _properties = properties;
    }

    public T Required<T>(string name, int index, string itemPath, Func<JsonElement, T?> read)
    {
        var array = Array(name) ?? throw new InvalidPayloadException(itemPath,
            $"is a bare value, so its coordinates must come from Metadata.{name}, which is missing");
        if (index >= array.GetArrayLength())
        {
            throw new InvalidPayloadException($"Metadata.{name}", $"has {array.GetArrayLength()} entries but the batch has more records ({itemPath})");
        }
        var element = array[index];
        return read(element) ?? throw new InvalidPayloadException($"Metadata.{name}[{index}]",
            $"has an unexpected value {JsonLookup.Describe(element)}");
    }

    public string? Key(int index)
    {
        var array = Array("KeyArray");
        if (array is null || index >= array.Value.GetArrayLength()) return null;
        return KafkaTriggerPayload.OptionalText(array.Value[index]);
    }

    public EquatableArray<KafkaHeader> Headers(int index)
    {
        var array = Array("HeadersArray");
        if (array is null || index >= array.Value.GetArrayLength()) return EquatableArray<KafkaHeader>.Empty;
        return KafkaTriggerPayload.ReadHeaders(array.Value[index], $"Metadata.HeadersArray[{index}]");
    }

    private JsonElement? Array(string name)
    {
        if (_arrays.TryGetValue(name, out var cached)) return cached;
        JsonElement? result = null;
        if (TryFind(name, out var value))
        {
            var path = $"Metadata.{name}";
            if (value.ValueKind == JsonValueKind.String)
            {
                value = KafkaTriggerPayload.ParseJson(value.GetString()!, path, "a JSON array");
            }
            if (value.ValueKind == JsonValueKind.Array)
            {
                result = value;
            }
            else if (value.ValueKind != JsonValueKind.Null)
            {
                throw new InvalidPayloadException(path, $"expected an array (or a string holding one), found {JsonLookup.Describe(value)}");
            }
        }
        _arrays[name] = result;
        return result;
    }

    /// <summary>Like <see cref="JsonLookup.TryGet"/>: the exact name first, then ignoring case.</summary>
    private bool TryFind(string name, out JsonElement value)
    {
        if (_metadata is { } metadata) return JsonLookup.TryGet(metadata, name, out value);
        if (_properties is null)
        {
            value = default;
            return false;
        }
        if (_properties.TryGetValue(name, out value)) return true;
        foreach (var (key, property) in _properties)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property;
                return true;
            }
        }
        value = default;
        return false;
    }
}
