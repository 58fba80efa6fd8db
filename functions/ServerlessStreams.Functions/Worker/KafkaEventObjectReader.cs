using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// The fast path of <see cref="KafkaEventBatch"/>: reads one record's JSON in the extension's exact form
/// (<c>{Offset, Partition, Topic, Timestamp, Key, Value, Headers}</c>, other properties ignored) straight from UTF-8.
/// Returns null for anything <see cref="KafkaEventJson"/> might read differently or must word an error for: a missing
/// or repeated property, a property name in another case or escaped, an unexpected value kind, a non-canonical
/// timestamp or base64, malformed JSON.
/// </summary>
/// <remarks>
/// The per-byte and per-record methods are compiled fully optimised from the start: they run thousands of times per
/// batch, and a freshly started worker would otherwise run them unoptimised until tiered compilation gets round to them.
/// </remarks>
internal static class KafkaEventObjectReader
{
    [Flags]
    private enum Field
    {
        None = 0,
        Offset = 1,
        Partition = 2,
        Topic = 4,
        Timestamp = 8,
        Key = 16,
        Value = 32,
        Headers = 64,
        All = Offset | Partition | Topic | Timestamp | Key | Value | Headers,
    }

    public static KafkaEventRecord? TryRead(ReadOnlySpan<byte> json, EventReadContext context)
    {
        if (json.IsEmpty || json[0] != (byte)'{') return null;
        try
        {
            return Read(json, context);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed JSON, or a string that is not valid UTF-16 once unescaped: KafkaEventJson words the error.
            return null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static KafkaEventRecord? Read(ReadOnlySpan<byte> json, EventReadContext context)
    {

        var reader = new Utf8JsonReader(json);
        reader.Read();
        var seen = Field.None;
        string? topic = null, key = null, value = null;
        var partition = 0;
        long offset = 0, timestamp = 0;
        var headers = EquatableArray<KafkaHeader>.Empty;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) return null;
            var field = FieldOf(reader.ValueSpan);
            if (field == Field.None)
            {
                if (MightMatchInAnyCase(reader.ValueSpan)) return null;
                reader.Skip();
                continue;
            }
            if ((seen & field) != 0) return null;
            seen |= field;

            reader.Read();
            var read = field switch
            {
                Field.Offset => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out offset),
                Field.Partition => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out partition),
                Field.Topic => TryReadTopic(ref reader, context, out topic),
                Field.Timestamp => TryReadTimestamp(ref reader, out timestamp),
                Field.Key => TryReadOptionalString(ref reader, out key),
                Field.Value => TryReadOptionalString(ref reader, out value),
                _ => TryReadHeaders(ref reader, out headers),
            };
            if (!read) return null;
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || seen != Field.All) return null;
        return new KafkaEventRecord(topic!, partition, offset, timestamp, key, value ?? string.Empty, headers);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Field FieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 when name.SequenceEqual("Key"u8) => Field.Key,
        5 when name.SequenceEqual("Topic"u8) => Field.Topic,
        5 when name.SequenceEqual("Value"u8) => Field.Value,
        6 when name.SequenceEqual("Offset"u8) => Field.Offset,
        7 when name.SequenceEqual("Headers"u8) => Field.Headers,
        9 when name.SequenceEqual("Partition"u8) => Field.Partition,
        9 when name.SequenceEqual("Timestamp"u8) => Field.Timestamp,
        _ => Field.None,
    };

    /// <summary>
    /// <see cref="KafkaEventJson"/> matches property names in any case (the last of two wins), so a name that is a
    /// field's in another case, or that is not ASCII (case mappings beyond ASCII), is left to it.
    /// </summary>
    private static bool MightMatchInAnyCase(ReadOnlySpan<byte> name) =>
        !Ascii.IsValid(name) || name.Length switch
        {
            3 => Ascii.EqualsIgnoreCase(name, "Key"u8),
            5 => Ascii.EqualsIgnoreCase(name, "Topic"u8) || Ascii.EqualsIgnoreCase(name, "Value"u8),
            6 => Ascii.EqualsIgnoreCase(name, "Offset"u8),
            7 => Ascii.EqualsIgnoreCase(name, "Headers"u8),
            9 => Ascii.EqualsIgnoreCase(name, "Partition"u8) || Ascii.EqualsIgnoreCase(name, "Timestamp"u8),
            _ => false,
        };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadTopic(ref Utf8JsonReader reader, EventReadContext context, out string? topic)
    {
        topic = reader.TokenType == JsonTokenType.String ? context.Topic(ref reader) : null;
        return topic is not null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadTimestamp(ref Utf8JsonReader reader, out long epochMilliseconds)
    {
        epochMilliseconds = 0;
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt64(out epochMilliseconds),
            JsonTokenType.String => !reader.ValueIsEscaped && IsoUtcTimestamp.TryParse(reader.ValueSpan, out epochMilliseconds),
            _ => false,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryReadOptionalString(ref Utf8JsonReader reader, out string? text)
    {
        text = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                text = reader.GetString();
                return true;
            default:
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadHeaders(ref Utf8JsonReader reader, out EquatableArray<KafkaHeader> headers)
    {
        headers = EquatableArray<KafkaHeader>.Empty;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.StartArray) return false;

        List<KafkaHeader>? list = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (!TryReadHeader(ref reader, out var header)) return false;
            (list ??= []).Add(header!);
        }
        if (reader.TokenType != JsonTokenType.EndArray) return false;
        if (list is not null) headers = list;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadHeader(ref Utf8JsonReader reader, out KafkaHeader? header)
    {
        header = null;
        string? key = null;
        byte[]? value = null;
        var seenValue = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) return false;
            if (reader.ValueSpan.SequenceEqual("Key"u8))
            {
                if (key is not null || !reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                key = reader.GetString();
            }
            else if (reader.ValueSpan.SequenceEqual("Value"u8))
            {
                if (seenValue || !reader.Read() || !TryReadBase64(ref reader, out value)) return false;
                seenValue = true;
            }
            else
            {
                if (MightMatchInAnyCase(reader.ValueSpan)) return false;
                reader.Skip();
            }
        }
        if (key is null) return false;
        header = new KafkaHeader(key, value ?? []);
        return true;
    }

    private static bool TryReadBase64(ref Utf8JsonReader reader, out byte[]? bytes)
    {
        bytes = null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String) return false;
        if (!reader.ValueIsEscaped) return TryDecodeCanonicalBase64(reader.ValueSpan, out bytes);

        // Encoders that escape '+' or '/' (System.Text.Json's default does) are rare enough to rent for.
        var unescaped = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(unescaped);
            return TryDecodeCanonicalBase64(unescaped.AsSpan(0, length), out bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(unescaped);
        }
    }

    /// <summary>Only padded base64 without whitespace, which System.Text.Json reads the same way.</summary>
    private static bool TryDecodeCanonicalBase64(ReadOnlySpan<byte> utf8, out byte[]? bytes)
    {
        bytes = null;
        if (utf8.Length % 4 != 0) return false;
        if (utf8.IsEmpty)
        {
            bytes = [];
            return true;
        }
        var padding = utf8[^1] != (byte)'=' ? 0 : utf8[^2] != (byte)'=' ? 1 : 2;
        var decoded = new byte[(utf8.Length / 4 * 3) - padding];
        var status = Base64.DecodeFromUtf8(utf8, decoded, out var consumed, out var written);
        if (status != OperationStatus.Done || consumed != utf8.Length || written != decoded.Length) return false;
        bytes = decoded;
        return true;
    }
}
