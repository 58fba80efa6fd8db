using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>
/// Finds the large string values directly under an invocation body's <c>Data</c>: a Kafka batch, hundreds of
/// kilobytes of JSON in a string in a string. Parsing the body with them would validate every escape once, and the
/// Kafka reader then reads the same bytes again; so the body is parsed without their contents, and the reader
/// validates what it reads. This scan only finds where the strings end; it gives up on anything unusual, and the
/// body is then parsed whole as before.
/// </summary>
internal static class UnparsedDataStrings
{
    /// <summary>Strings shorter than this are parsed with the body.</summary>
    public const int DefaultMinLength = 16 * 1024;

    /// <summary>One string's contents, still escaped and without its quotes, by its binding name.</summary>
    public readonly record struct Found(string Name, int Start, int Length);

    /// <summary>
    /// The strings directly under the top-level <c>Data</c> object whose contents are at least
    /// <paramref name="minLength"/> bytes long; empty when there are none or the body's shape is not the plain one.
    /// </summary>
    public static List<Found> Find(ReadOnlySpan<byte> json, int minLength)
    {
        var found = new List<Found>();
        if (!TryScanBody(json, minLength, found)) found.Clear();
        return found;
    }

    private static bool TryScanBody(ReadOnlySpan<byte> json, int minLength, List<Found> found)
    {
        var position = SkipWhitespace(json, 0);
        if (position >= json.Length || json[position] != (byte)'{') return false;
        position = SkipWhitespace(json, position + 1);
        var sawData = false;
        if (position < json.Length && json[position] == (byte)'}') return true;
        while (true)
        {
            if (!TryReadName(json, ref position, out var name)) return false;
            if (IsData(name))
            {
                // Property names compare case-insensitively (JsonLookup); a second Data would be ambiguous here.
                if (sawData) return false;
                sawData = true;
                if (position < json.Length && json[position] == (byte)'{')
                {
                    if (!TryScanData(json, ref position, minLength, found)) return false;
                }
                else if (!TrySkipValue(json, ref position)) return false;
            }
            else if (!TrySkipValue(json, ref position)) return false;

            position = SkipWhitespace(json, position);
            if (position >= json.Length) return false;
            if (json[position] == (byte)'}') return SkipWhitespace(json, position + 1) == json.Length;
            if (json[position] != (byte)',') return false;
            position = SkipWhitespace(json, position + 1);
        }
    }

    private static bool IsData(ReadOnlySpan<byte> name) => Ascii.EqualsIgnoreCase(name, "Data"u8);

    /// <summary>The members of Data: a long enough string value is recorded, anything else is skipped.</summary>
    private static bool TryScanData(ReadOnlySpan<byte> json, ref int position, int minLength, List<Found> found)
    {
        position = SkipWhitespace(json, position + 1);
        if (position < json.Length && json[position] == (byte)'}')
        {
            position++;
            return true;
        }
        while (true)
        {
            if (!TryReadName(json, ref position, out var name)) return false;
            if (position < json.Length && json[position] == (byte)'"')
            {
                var start = position + 1;
                if (!TryFindStringEnd(json, start, out var end)) return false;
                if (end - start >= minLength)
                {
                    var text = Encoding.UTF8.GetString(name);
                    // A repeated name would leave the body's own (empty) value to win or lose; parse it whole instead.
                    foreach (var earlier in found)
                        if (string.Equals(earlier.Name, text, StringComparison.OrdinalIgnoreCase)) return false;
                    found.Add(new Found(text, start, end - start));
                }
                position = end + 1;
            }
            else if (!TrySkipValue(json, ref position)) return false;

            position = SkipWhitespace(json, position);
            if (position >= json.Length) return false;
            if (json[position] == (byte)'}')
            {
                position++;
                return true;
            }
            if (json[position] != (byte)',') return false;
            position = SkipWhitespace(json, position + 1);
        }
    }

    /// <summary>A member's name without escapes, then its colon; leaves <paramref name="position"/> at the value.</summary>
    private static bool TryReadName(ReadOnlySpan<byte> json, ref int position, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (position >= json.Length || json[position] != (byte)'"') return false;
        var start = position + 1;
        var end = json[start..].IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || json[start + end] != (byte)'"') return false;
        name = json.Slice(start, end);
        position = SkipWhitespace(json, start + end + 1);
        if (position >= json.Length || json[position] != (byte)':') return false;
        position = SkipWhitespace(json, position + 1);
        return true;
    }

    private static bool TryFindStringEnd(ReadOnlySpan<byte> json, int start, out int end)
    {
        end = StringEnd(json, start);
        return end >= 0;
    }

    /// <summary>
    /// The index of the quote that closes the string whose contents start at <paramref name="start"/>, or -1. A batch
    /// has a backslash every few bytes, too often for searching from one to the next; so 64 bytes at a time are turned
    /// into masks of quotes and backslashes, and the escaped bytes found with carries across backslash runs
    /// (simdjson's method: a run of backslashes escapes the byte after it when its length is odd).
    /// </summary>
    internal static int StringEnd(ReadOnlySpan<byte> json, int start)
    {
        ulong nextIsEscaped = 0;
        var i = start;
        ref var origin = ref MemoryMarshal.GetReference(json);
        for (; i <= json.Length - 64; i += 64)
        {
            var (backslashes, quotes) = Masks(ref Unsafe.Add(ref origin, i));
            var unescapedQuotes = quotes & ~Escaped(backslashes, ref nextIsEscaped);
            if (unescapedQuotes != 0) return i + BitOperations.TrailingZeroCount(unescapedQuotes);
        }
        if (nextIsEscaped != 0) i++;
        for (; i < json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'"') return i;
            if (b == (byte)'\\') i++;
        }
        return -1;
    }

    private static (ulong Backslashes, ulong Quotes) Masks(ref byte block)
    {
        ulong backslashes = 0, quotes = 0;
        for (var part = 0; part < 4; part++)
        {
            var bytes = Vector128.LoadUnsafe(ref block, (nuint)(16 * part));
            backslashes |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)'\\')).ExtractMostSignificantBits() << (16 * part);
            quotes |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << (16 * part);
        }
        return (backslashes, quotes);
    }

    private const ulong OddBits = 0xAAAA_AAAA_AAAA_AAAAUL;

    /// <summary>
    /// The bytes of a block that follow an escaping backslash. <paramref name="nextIsEscaped"/> carries whether the
    /// block's first byte is escaped in, and the next block's out.
    /// </summary>
    private static ulong Escaped(ulong backslashes, ref ulong nextIsEscaped)
    {
        var potentialEscapes = backslashes & ~nextIsEscaped;
        // Subtracting each run from the odd bits marks, after the xor, every other backslash of a run starting from its
        // first, and the byte after a run of odd length.
        var escapesAndEscaped = (((potentialEscapes << 1) | OddBits) - potentialEscapes) ^ OddBits;
        var escaped = escapesAndEscaped ^ (backslashes | nextIsEscaped);
        nextIsEscaped = (escapesAndEscaped & backslashes) >> 63;
        return escaped;
    }

    /// <summary>Moves past one value of any kind; strings are skipped whole, nesting is counted.</summary>
    private static bool TrySkipValue(ReadOnlySpan<byte> json, ref int position)
    {
        var depth = 0;
        while (position < json.Length)
        {
            var b = json[position];
            switch (b)
            {
                case (byte)'"':
                    if (!TryFindStringEnd(json, position + 1, out var end)) return false;
                    position = end + 1;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    position++;
                    break;
                case (byte)'}' or (byte)']':
                    if (depth == 0) return true;
                    depth--;
                    position++;
                    break;
                case (byte)',' when depth == 0:
                    return true;
                default:
                    position++;
                    break;
            }
            if (depth == 0 && b is (byte)'"' or (byte)'}' or (byte)']') return true;
        }
        return false;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while (position < json.Length && json[position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') position++;
        return position;
    }
}
