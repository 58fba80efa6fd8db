using System.Text;

namespace ServerlessStreams.Durable.Storage.Keys;

/// <summary>
/// Turns any text into Table-key-safe text and back. Letters, digits, <c>-</c>, <c>_</c> and <c>.</c> stay as they are;
/// every other character, the escape character <c>~</c> included, becomes <c>~XX</c> per UTF-8 byte (uppercase hex).
/// The result is plain ASCII without <c>/ \ # ?</c>, control characters or <c>|</c> (the key separator),
/// and never contains <c>~~</c>, which marks hashed keys, so escaped and hashed forms cannot meet.
/// </summary>
internal static class KeyEscaping
{
    public const char EscapeChar = '~';

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsAllSafe(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length * 2);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsSafe(c))
            {
                builder.Append(c);
                continue;
            }

            int count;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(text.AsSpan(i, 2), bytes);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException($"the text holds a lone UTF-16 surrogate (U+{(int)c:X4}) at index {i} and cannot be a key", nameof(text));
            }
            else
            {
                count = Encoding.UTF8.GetBytes(text.AsSpan(i, 1), bytes);
            }

            for (var b = 0; b < count; b++)
            {
                builder.Append(EscapeChar).Append(bytes[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (IsAllSafe(escaped))
        {
            return escaped;
        }

        var bytes = new List<byte>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != EscapeChar)
            {
                if (!IsSafe(c))
                {
                    throw new FormatException($"'{escaped}' is not an escaped key: '{c}' at index {i} should have been escaped");
                }
                bytes.Add((byte)c);
                continue;
            }
            if (i + 2 >= escaped.Length || !IsUpperHex(escaped[i + 1]) || !IsUpperHex(escaped[i + 2]))
            {
                throw new FormatException($"'{escaped}' is not an escaped key: '{EscapeChar}' at index {i} must be followed by two uppercase hex digits");
            }
            bytes.Add(Convert.ToByte(escaped.Substring(i + 1, 2), 16));
            i += 2;
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"'{escaped}' is not an escaped key: its bytes are not valid UTF-8", e);
        }
    }

    public static bool IsSafe(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.';

    private static bool IsAllSafe(string text)
    {
        foreach (var c in text)
        {
            if (!IsSafe(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsUpperHex(char c) => c is (>= '0' and <= '9') or (>= 'A' and <= 'F');
}
