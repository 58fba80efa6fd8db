using System.Globalization;
using System.Text.Json;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// The kafkaTrigger payload as the Functions host hands it to a custom handler with
/// <c>cardinality: many, dataType: string</c>. The Kafka extension turns each record into a JSON string of its
/// event object (<c>KafkaEventDataConvertManager.ConvertToString</c>), and the host, unable to make a JSON object of the
/// resulting string array, serialises the array once more (<c>ScriptInvocationContextExtensions
/// .GetHttpScriptInvocationContextValue</c>). So <c>Data.&lt;name&gt;</c> is a JSON string holding an array of JSON
/// strings, and every <c>Metadata.*Array</c> value is a JSON string holding an array. The decoder also accepts the
/// singly-encoded forms (a real array; elements as objects) and raw values whose coordinates come from Metadata.
/// Decoding reads the standard form straight from UTF-8 (<see cref="KafkaEventBatchReader"/>) and falls back to reading
/// elements for every other form and for the error messages.
/// </summary>
public static class KafkaTriggerPayload
{
    /// <summary>Decodes <c>Data.&lt;binding&gt;</c> of a kafkaTrigger invocation.</summary>
    /// <param name="data">The value of <c>Data.&lt;binding&gt;</c>.</param>
    /// <param name="metadata">The invocation's <c>Metadata</c> object, used for records that carry only their value.</param>
    /// <param name="path">How errors name the data, e.g. <c>Data.events</c>.</param>
    /// <exception cref="InvalidPayloadException">The payload does not have a shape the host sends.</exception>
    public static IReadOnlyList<KafkaEventRecord> Decode(JsonElement data, JsonElement? metadata, string path = "Data") =>
        KafkaEventBatchReader.TryRead(data) ?? DecodeElements(data, new MetadataArrays(metadata), path);

    /// <summary>Decodes the kafkaTrigger binding <paramref name="bindingName"/> of an invocation.</summary>
    public static IReadOnlyList<KafkaEventRecord> Decode(InvocationRequest request, string bindingName)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A batch left out of the body's document is read straight from its text; anything but the host's standard
        // form is parsed (and validated) through Data, as every other batch is.
        if (request.TryGetUnparsedString(bindingName, out var escaped) && KafkaEventBatchReader.TryReadString(escaped.Span) is { } fast)
            return fast;
        if (!request.Data.TryGetValue(bindingName, out var data))
        {
            throw new InvalidPayloadException($"Data.{bindingName}",
                $"missing; function '{request.FunctionName}' received Data with [{string.Join(", ", request.Data.Keys)}]");
        }
        return KafkaEventBatchReader.TryRead(data) ?? DecodeElements(data, new MetadataArrays(request.Metadata), $"Data.{bindingName}");
    }

    /// <summary>Encodes records exactly as the host sends them: Data and Metadata of one invocation.</summary>
    /// <remarks>The body lives in a pooled buffer: dispose the payload once it has been sent.</remarks>
    public static InvocationPayload Encode(
        IEnumerable<KafkaEventRecord> records,
        string bindingName = KafkaBindingDefaults.Name,
        string functionName = "",
        DateTimeOffset? utcNow = null,
        Guid? randGuid = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records as IReadOnlyList<KafkaEventRecord> ?? records.ToList();
        return KafkaTriggerPayloadWriter.Write(list, bindingName, functionName, utcNow ?? DateTimeOffset.UtcNow, randGuid ?? Guid.NewGuid());
    }

    /// <summary>A record timestamp as Json.NET writes a UTC <see cref="DateTime"/>, which is what the extension emits.</summary>
    public static string FormatTimestamp(long epochMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads every form the decoder accepts, element by element, and words the errors.</summary>
    internal static List<KafkaEventRecord> DecodeElements(JsonElement data, JsonElement? metadata, string path = "Data") =>
        DecodeElements(data, new MetadataArrays(metadata), path);

    private static List<KafkaEventRecord> DecodeElements(JsonElement data, MetadataArrays coordinates, string path)
    {
        var items = ReadEventArray(data, path);
        var records = new List<KafkaEventRecord>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            records.Add(ReadEvent(items[i], i, $"{path}[{i}]", coordinates));
        }
        return records;
    }

    private static List<JsonElement> ReadEventArray(JsonElement data, string path)
    {
        var current = data;
        // A string may hold the array (the host's form); allow one more level in case a proxy re-encoded it.
        for (var depth = 0; current.ValueKind == JsonValueKind.String && depth < 2; depth++)
        {
            current = ParseJson(current.GetString()!, path, "a JSON array of events");
        }
        if (current.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidPayloadException(path, $"expected an array of Kafka events (or a string holding one), found {JsonLookup.Describe(current)}");
        }
        return current.EnumerateArray().ToList();
    }

    private static KafkaEventRecord ReadEvent(JsonElement item, int index, string path, MetadataArrays metadata)
    {
        var element = item;
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            if (TryParseEventObject(text, out var parsed))
            {
                element = parsed;
            }
            else
            {
                return FromMetadata(text, index, path, metadata);
            }
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidPayloadException(path, $"expected a Kafka event object or a string holding one, found {JsonLookup.Describe(element)}");
        }
        if (!LooksLikeEvent(element))
        {
            return FromMetadata(element.GetRawText(), index, path, metadata);
        }

        var topic = RequiredString(element, "Topic", path);
        var partition = (int)RequiredInteger(element, "Partition", path, int.MinValue, int.MaxValue);
        var offset = RequiredInteger(element, "Offset", path, long.MinValue, long.MaxValue);
        var timestamp = RequiredTimestamp(element, "Timestamp", path);
        var key = JsonLookup.TryGet(element, "Key", out var keyElement) ? OptionalText(keyElement) : metadata.Key(index);
        var value = JsonLookup.TryGet(element, "Value", out var valueElement) ? OptionalText(valueElement) ?? string.Empty : string.Empty;
        var headers = JsonLookup.TryGet(element, "Headers", out var headersElement)
            ? ReadHeaders(headersElement, $"{path}.Headers")
            : metadata.Headers(index);
        return new KafkaEventRecord(topic, partition, offset, timestamp, key, value, headers);
    }

    /// <summary>A value-only element (dataType binary, or a proxy that sent raw values): coordinates come from Metadata.</summary>
    private static KafkaEventRecord FromMetadata(string value, int index, string path, MetadataArrays metadata)
    {
        var topic = metadata.Required("TopicArray", index, path, e => e.ValueKind == JsonValueKind.String ? e.GetString() : null);
        var partition = metadata.Required("PartitionArray", index, path, e => e.TryGetInt32(out var p) ? p : (int?)null);
        var offset = metadata.Required("OffsetArray", index, path, e => e.TryGetInt64(out var o) ? o : (long?)null);
        var timestamp = metadata.Required("TimestampArray", index, path, e => TryReadTimestamp(e, out var t) ? t : (long?)null);
        return new KafkaEventRecord(topic!, partition!.Value, offset!.Value, timestamp!.Value,
            metadata.Key(index), value, metadata.Headers(index));
    }

    internal static EquatableArray<KafkaHeader> ReadHeaders(JsonElement headers, string path)
    {
        if (headers.ValueKind == JsonValueKind.Null) return EquatableArray<KafkaHeader>.Empty;
        if (headers.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidPayloadException(path, $"expected an array of {{\"Key\", \"Value\"}} headers, found {JsonLookup.Describe(headers)}");
        }
        var list = new List<KafkaHeader>();
        var i = 0;
        foreach (var header in headers.EnumerateArray())
        {
            var headerPath = $"{path}[{i++}]";
            if (header.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidPayloadException(headerPath, $"expected a {{\"Key\", \"Value\"}} object, found {JsonLookup.Describe(header)}");
            }
            var key = RequiredString(header, "Key", headerPath);
            byte[] bytes = [];
            if (JsonLookup.TryGet(header, "Value", out var value) && value.ValueKind != JsonValueKind.Null)
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidPayloadException($"{headerPath}.Value", $"expected a base64 string, found {JsonLookup.Describe(value)}");
                }
                try
                {
                    bytes = Convert.FromBase64String(value.GetString()!);
                }
                catch (FormatException e)
                {
                    throw new InvalidPayloadException($"{headerPath}.Value", "is not valid base64 (the host sends header values base64-encoded)", e);
                }
            }
            list.Add(new KafkaHeader(key, bytes));
        }
        return list;
    }

    private static bool TryParseEventObject(string text, out JsonElement element)
    {
        element = default;
        if (text.Length == 0 || text[0] != '{') return false;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !LooksLikeEvent(document.RootElement)) return false;
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>An event object names its coordinates; a segment that merely happens to be an object does not name all four.</summary>
    private static bool LooksLikeEvent(JsonElement element) =>
        JsonLookup.TryGet(element, "Offset", out _) && JsonLookup.TryGet(element, "Partition", out _) &&
        JsonLookup.TryGet(element, "Topic", out _) && JsonLookup.TryGet(element, "Value", out _);

    internal static JsonElement ParseJson(string text, string path, string expected)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidPayloadException(path, $"expected a string holding {expected}, but it is not JSON ({e.Message})", e);
        }
    }

    private static string RequiredString(JsonElement element, string name, string path)
    {
        if (!JsonLookup.TryGet(element, name, out var value))
        {
            throw new InvalidPayloadException($"{path}.{name}", "missing");
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidPayloadException($"{path}.{name}", $"expected a string, found {JsonLookup.Describe(value)}");
        }
        return value.GetString()!;
    }

    private static long RequiredInteger(JsonElement element, string name, string path, long min, long max)
    {
        if (!JsonLookup.TryGet(element, name, out var value))
        {
            throw new InvalidPayloadException($"{path}.{name}", "missing");
        }
        long result;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out result),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out result),
            _ => (result = 0) != 0,
        };
        if (!ok || result < min || result > max)
        {
            throw new InvalidPayloadException($"{path}.{name}", $"expected an integer, found {JsonLookup.Describe(value)}");
        }
        return result;
    }

    private static long RequiredTimestamp(JsonElement element, string name, string path)
    {
        if (!JsonLookup.TryGet(element, name, out var value))
        {
            throw new InvalidPayloadException($"{path}.{name}", "missing");
        }
        if (!TryReadTimestamp(value, out var timestamp))
        {
            throw new InvalidPayloadException($"{path}.{name}", $"expected an ISO-8601 time or epoch milliseconds, found {JsonLookup.Describe(value)}");
        }
        return timestamp;
    }

    internal static bool TryReadTimestamp(JsonElement value, out long epochMilliseconds)
    {
        epochMilliseconds = 0;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetInt64(out epochMilliseconds);
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out epochMilliseconds)) return true;
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                {
                    epochMilliseconds = time.ToUnixTimeMilliseconds();
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    internal static string? OptionalText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
