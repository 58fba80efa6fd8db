using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// Escaping and unescaping of JSON string contents on UTF-8, for the payload's JSON-in-a-string-in-a-string form.
/// Byte-at-a-time with a class table: the contents are dense with escapes (every quote of an event is three deep), where
/// this runs a few times faster than searching for the next escape.
/// </summary>
/// <remarks>
/// The per-byte and per-record methods are compiled fully optimised from the start (see
/// <see cref="KafkaTriggerPayloadWriter"/>).
/// </remarks>
internal static class JsonStringEscaping
{
    private const byte Plain = 0;
    private const byte Quote = 1;
    private const byte Backslash = 2;
    private const byte Control = 3;

    /// <summary>The most bytes one input byte can become: a control character escaped twice, <c>\\u001F</c>.</summary>
    public const int MaxExpansion = 7;

    /// <summary>Each byte's class: <see cref="Plain"/>, or what escaping it takes.</summary>
    private static ReadOnlySpan<byte> Classes =>
    [
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // control characters
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // '"'
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, // '\\'
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>
    /// Writes <paramref name="utf8"/> as the contents of a JSON string (without the quotes), escaped once, or twice
    /// when the string is itself to be the contents of a JSON string. <paramref name="destination"/> must hold
    /// <see cref="MaxExpansion"/> bytes per input byte.
    /// </summary>
    /// <returns>The bytes written.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Escape(ReadOnlySpan<byte> utf8, Span<byte> destination, bool twice)
    {
        var classes = Classes;
        // Each escape is one four-byte store: \\\" or \\\\ when twice; \" or \\ and two bytes to overwrite when once.
        var quote = BinaryPrimitives.ReadUInt32LittleEndian(twice ? @"\\\"""u8 : "\\\"\0\0"u8);
        var backslash = BinaryPrimitives.ReadUInt32LittleEndian(twice ? @"\\\\"u8 : "\\\\\0\0"u8);
        var escapeLength = twice ? 4 : 2;
        var written = 0;
        foreach (var b in utf8)
        {
            var kind = classes[b];
            if (kind == Plain)
            {
                destination[written++] = b;
            }
            else if (kind == Control)
            {
                written += EscapeControl(b, destination[written..], twice);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(written, 4), kind == Quote ? quote : backslash);
                written += escapeLength;
            }
        }
        return written;
    }

    private static int EscapeControl(byte b, Span<byte> destination, bool twice)
    {
        var prefix = twice ? @"\\u00"u8 : @"\u00"u8;
        prefix.CopyTo(destination);
        destination[prefix.Length] = HexDigit(b >> 4);
        destination[prefix.Length + 1] = HexDigit(b & 0xF);
        return prefix.Length + 2;
    }

    /// <summary>
    /// Reads the contents of the JSON string that starts at <paramref name="position"/> (just after its opening quote)
    /// into <paramref name="destination"/>, unescaped, and moves <paramref name="position"/> past the closing quote.
    /// <paramref name="destination"/> must be as long as the rest of <paramref name="json"/>.
    /// </summary>
    /// <returns>False when the string is not valid JSON: unterminated, a raw control character, a bad escape or an
    /// escaped lone surrogate (which <see cref="System.Text.Json.JsonElement.GetString"/> refuses too).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryUnescape(ReadOnlySpan<byte> json, ref int position, Span<byte> destination, out int written)
    {
        written = 0;
        var classes = Classes;
        var i = position;
        while (i < json.Length)
        {
            var b = json[i];
            var kind = classes[b];
            if (kind == Plain)
            {
                destination[written++] = b;
                i++;
            }
            else if (kind == Quote)
            {
                position = i + 1;
                return true;
            }
            else if (kind == Control || !TryUnescapeOne(json, ref i, destination, ref written))
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>
    /// Like <see cref="TryUnescape"/> for a string inside a string: <paramref name="json"/> is the contents of an outer
    /// JSON string whose only escapes are <c>\"</c> and <c>\\</c> (what Json.NET and this payload's writer produce), and
    /// the inner string starts at <paramref name="position"/>, just after its opening <c>\"</c>. Reads the inner string's
    /// contents unescaped twice, in one pass, and moves <paramref name="position"/> past its closing <c>\"</c>.
    /// </summary>
    /// <returns>False for anything else, which <see cref="TryUnescape"/> applied twice may still read.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryUnescapeTwice(ReadOnlySpan<byte> json, ref int position, Span<byte> destination, out int written)
    {
        written = 0;
        var classes = Classes;
        var i = position;
        while (i < json.Length)
        {
            var b = json[i];
            if (classes[b] == Plain)
            {
                destination[written++] = b;
                i++;
                continue;
            }
            // Outside the common cases below give up.
            if (b != (byte)'\\' || i + 1 >= json.Length) return false;
            var next = json[i + 1];
            if (next == (byte)'"')
            {
                position = i + 2;
                return true;
            }
            if (next != (byte)'\\' || i + 2 >= json.Length) return false;

            // An escaped backslash: the inner string's escape, itself escaped or not.
            var inner = json[i + 2];
            if (inner == (byte)'\\')
            {
                if (i + 3 >= json.Length || json[i + 3] is not ((byte)'"' or (byte)'\\')) return false;
                destination[written++] = json[i + 3];
                i += 4;
                continue;
            }
            var simple = SimpleEscape(inner);
            if (simple == 0) return false;
            destination[written++] = simple;
            i += 3;
        }
        return false;
    }

    private static bool TryUnescapeOne(ReadOnlySpan<byte> json, ref int i, Span<byte> destination, ref int written)
    {
        if (i + 1 >= json.Length) return false;
        var letter = json[i + 1];
        var simple = letter is (byte)'"' or (byte)'\\' ? letter : SimpleEscape(letter);
        if (simple != 0)
        {
            destination[written++] = simple;
            i += 2;
            return true;
        }
        if (letter != (byte)'u' || !TryHex4(json, i + 2, out var unit)) return false;
        i += 6;

        int scalar = unit;
        if (char.IsLowSurrogate((char)unit)) return false;
        if (char.IsHighSurrogate((char)unit))
        {
            if (i + 1 >= json.Length || json[i] != (byte)'\\' || json[i + 1] != (byte)'u' ||
                !TryHex4(json, i + 2, out var low) || !char.IsLowSurrogate((char)low))
            {
                return false;
            }
            i += 6;
            scalar = char.ConvertToUtf32((char)unit, (char)low);
        }
        written += new System.Text.Rune(scalar).EncodeToUtf8(destination[written..]);
        return true;
    }

    /// <summary>The character a one-letter escape other than <c>\"</c> and <c>\\</c> stands for; 0 if none.</summary>
    private static byte SimpleEscape(byte letter) => letter switch
    {
        (byte)'/' => (byte)'/',
        (byte)'b' => (byte)'\b',
        (byte)'f' => (byte)'\f',
        (byte)'n' => (byte)'\n',
        (byte)'r' => (byte)'\r',
        (byte)'t' => (byte)'\t',
        _ => 0,
    };

    private static bool TryHex4(ReadOnlySpan<byte> json, int start, out int value)
    {
        value = 0;
        if (start + 4 > json.Length) return false;
        for (var i = start; i < start + 4; i++)
        {
            var digit = HexValue(json[i]);
            if (digit < 0) return false;
            value = (value << 4) | digit;
        }
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);
}
