using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// The fast path of <see cref="KafkaTriggerPayload.Decode(JsonElement, JsonElement?, string)"/>: reads the host's
/// standard form (an array, or a string holding one, of strings each holding a complete event object) from the UTF-8
/// bytes, without building a document per event. It gives up on anything else, leaving the element-based reader to
/// decode the alternative forms and to word the errors, so both agree on every batch this reader accepts.
/// </summary>
/// <remarks>
/// The per-byte and per-record methods are compiled fully optimised from the start (see
/// <see cref="KafkaTriggerPayloadWriter"/>).
/// </remarks>
internal static class KafkaEventBatchReader
{
    /// <summary>The records, or null when <paramref name="data"/> is not entirely in the standard form.</summary>
    public static List<KafkaEventRecord>? TryRead(JsonElement data)
    {
        if (data.ValueKind is not (JsonValueKind.Array or JsonValueKind.String)) return null;

        var raw = JsonMarshal.GetRawUtf8Value(data);
        if (data.ValueKind == JsonValueKind.Array) return TryReadText(raw, Text.Array);
        return TryReadText(raw[1..^1], Text.StringContents) ?? TryReadText(raw, Text.QuotedString);
    }

    /// <summary>
    /// The records of a JSON string's contents (still escaped, without quotes) in the host's standard form, or null
    /// when the contents are anything else, invalid ones included: <see cref="TryRead"/> on the parsed string decides.
    /// </summary>
    public static List<KafkaEventRecord>? TryReadString(ReadOnlySpan<byte> escapedContents) =>
        TryReadText(escapedContents, Text.StringContents);

    private enum Text
    {
        /// <summary>A JSON array of event strings.</summary>
        Array,

        /// <summary>The contents of a JSON string holding that array, escaped only with <c>\"</c> and <c>\\</c>.</summary>
        StringContents,

        /// <summary>A JSON string holding that array, quotes included, with any escapes.</summary>
        QuotedString,
    }

    private static List<KafkaEventRecord>? TryReadText(ReadOnlySpan<byte> text, Text form)
    {
        // Parsing does not check UTF-8 but GetString does, so the element-based reader fails on what this would read.
        if (!Utf8.IsValid(text)) return null;
        try
        {
            return form switch
            {
                Text.Array => TryReadEvents(text, doublyEscaped: false),
                Text.StringContents => TryReadEvents(text, doublyEscaped: true),
                _ => TryReadUnescapedArray(text),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed JSON inside an event: the element-based reader reports it, or reads the string as a bare value.
            return null;
        }
    }

    /// <summary>A string holding an array, with any escapes: unescaped into a pooled buffer, then read as an array.</summary>
    private static List<KafkaEventRecord>? TryReadUnescapedArray(ReadOnlySpan<byte> quoted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(quoted.Length);
        try
        {
            var position = 1;
            if (!JsonStringEscaping.TryUnescape(quoted, ref position, buffer, out var length) || position != quoted.Length) return null;
            return TryReadEvents(buffer.AsSpan(0, length), doublyEscaped: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A JSON array of strings, each unescaped into the context's scratch buffer and read as an event. When
    /// <paramref name="doublyEscaped"/>, <paramref name="text"/> is that array as the contents of a JSON string (the
    /// host's form), read in the same single pass provided its only escapes are <c>\"</c> and <c>\\</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<KafkaEventRecord>? TryReadEvents(ReadOnlySpan<byte> text, bool doublyEscaped)
    {
        var quote = doublyEscaped ? "\\\""u8 : "\""u8;
        var position = SkipWhitespace(text, 0, doublyEscaped);
        if (position == text.Length || text[position] != (byte)'[') return null;
        position = SkipWhitespace(text, position + 1, doublyEscaped);

        using var context = new EventReadContext(text.Length);
        var records = new List<KafkaEventRecord>();
        if (position < text.Length && text[position] == (byte)']')
        {
            return SkipWhitespace(text, position + 1, doublyEscaped) == text.Length ? records : null;
        }
        while (text[position..].StartsWith(quote))
        {
            position += quote.Length;
            var unescaped = doublyEscaped
                ? JsonStringEscaping.TryUnescapeTwice(text, ref position, context.Scratch, out var length)
                : JsonStringEscaping.TryUnescape(text, ref position, context.Scratch, out length);
            if (!unescaped) return null;
            var record = KafkaEventObjectReader.TryRead(context.Scratch.AsSpan(0, length), context);
            if (record is null) return null;
            records.Add(record);

            position = SkipWhitespace(text, position, doublyEscaped);
            if (position == text.Length) return null;
            if (text[position] == (byte)']')
            {
                return SkipWhitespace(text, position + 1, doublyEscaped) == text.Length ? records : null;
            }
            if (text[position] != (byte)',') return null;
            position = SkipWhitespace(text, position + 1, doublyEscaped);
        }
        return null;
    }

    /// <summary>JSON whitespace; inside a string only the space, as the rest is escaped there.</summary>
    private static int SkipWhitespace(ReadOnlySpan<byte> text, int position, bool spacesOnly)
    {
        while (position < text.Length && (text[position] == (byte)' ' ||
               (!spacesOnly && text[position] is (byte)'\t' or (byte)'\n' or (byte)'\r')))
        {
            position++;
        }
        return position;
    }
}
