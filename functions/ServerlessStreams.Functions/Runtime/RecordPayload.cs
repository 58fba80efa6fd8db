using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// Reads a record from outside as a segment's parts: its JSON object and its segment id. What cannot be read is
/// named in a reason for the dead letter: too large, not UTF-8, not JSON (nested too deep, or malformed), not an
/// object, a segment id header that is not text.
/// </summary>
internal static class RecordPayload
{
    /// <summary>The deepest nesting a payload may have (System.Text.Json's default, which <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/> applies).</summary>
    public const int MaxDepth = 64;

    public static JsonObject? Read(byte[] value, int maxBytes, out string? reason)
    {
        reason = null;
        if (value.Length > maxBytes)
        {
            reason = $"too large: {value.Length} bytes, at most {maxBytes}";
            return null;
        }
        // The parser checks UTF-8 only where it reads text: a string's bytes are checked when the string is read, by
        // whatever reads it later. So the whole value is checked here, once.
        if (!Utf8.IsValid(value))
        {
            reason = $"not JSON: not UTF-8 (an invalid byte sequence at byte {FirstInvalidByte(value)})";
            return null;
        }
        try
        {
            if (JsonNode.Parse(value) is JsonObject payload) return payload;
            reason = "not an object";
        }
        catch (JsonException)
        {
            reason = NestedTooDeep(value) ? $"not JSON: nested deeper than {MaxDepth} levels" : "not JSON";
        }
        return null;
    }

    /// <summary>The record's segment id: its <c>ss-id</c> header when it has one, else its coordinates.</summary>
    public static SegmentId? IdOf(KafkaEventRecord record, out string? reason)
    {
        reason = null;
        foreach (var header in record.Headers)
        {
            if (header.Key != SegmentId.HeaderName) continue;
            // Bytes that are not UTF-8 would read as U+FFFD, so two different ids could read as one, and an empty id
            // names nothing: either would make records count as duplicates of each other.
            if (header.Value.Length == 0) reason = $"header '{SegmentId.HeaderName}' is empty: it names no segment";
            else if (!Utf8.IsValid(header.Value))
                reason = $"header '{SegmentId.HeaderName}' is not UTF-8 (an invalid byte sequence at byte {FirstInvalidByte(header.Value)})";
            return reason is null ? new SegmentId(Encoding.UTF8.GetString(header.Value)) : null;
        }
        return SegmentId.FromSource(record.Topic, record.Partition, record.Offset);
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed) != System.Buffers.OperationStatus.Done) return index;
            index += consumed;
        }
        return index;
    }

    /// <summary>Whether the value is well-formed JSON that only its depth refused (read again without the limit, on failure only).</summary>
    private static bool NestedTooDeep(byte[] value)
    {
        try
        {
            var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = int.MaxValue });
            var deepest = 0;
            while (reader.Read()) deepest = Math.Max(deepest, reader.CurrentDepth);
            return deepest >= MaxDepth;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
