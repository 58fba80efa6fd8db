using System.Globalization;

namespace ServerlessStreams.Durable.Storage.Keys;

/// <summary>
/// Row keys inside an entity's partition: <c>meta</c>; extents <c>x|window|extent</c>; de-duplication rows
/// <c>d|segmentId</c>; any other kind <c>k|part|part…</c>. Parts are escaped with <see cref="KeyEscaping"/>.
/// </summary>
internal static class RowKeys
{
    public const string Meta = "meta";
    public const string ExtentPrefix = "x|";
    public const string DedupePrefix = "d|";
    public const string SchedulePrefix = "s|";

    /// <summary>Tables allow 1 KiB per key; 512 characters is that bound for any UTF-16 text.</summary>
    public const int MaxLength = 512;

    /// <summary>Escaped segment ids longer than this are hashed, which keeps a dedupe row key within <see cref="MaxLength"/>.</summary>
    public const int MaxEscapedSegmentIdLength = 500;

    /// <summary>Room for an escaped window id in an extent row key.</summary>
    public const int MaxEscapedWindowIdLength = MaxLength - 2 - 1 - ExtentIdLength;

    /// <summary>Width of an encoded extent id: a sign place and 19 digits.</summary>
    public const int ExtentIdLength = 20;

    public static string Extent(string windowId, long extentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(windowId);
        var window = KeyEscaping.Escape(windowId);
        if (window.Length > MaxEscapedWindowIdLength)
        {
            throw new ArgumentException(
                $"window id '{Shorten(windowId)}' is too long for a row key: escaped it has {window.Length} characters, at most {MaxEscapedWindowIdLength} fit",
                nameof(windowId));
        }
        return string.Concat(ExtentPrefix, window, "|", EncodeExtentId(extentId));
    }

    public static string Dedupe(string segmentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(segmentId);
        return DedupePrefix + KeyHashing.Bound(KeyEscaping.Escape(segmentId), MaxEscapedSegmentIdLength);
    }

    /// <summary>A row key of another kind (e.g. <c>s</c> for schedule-index rows): <c>kind|part|part…</c>, parts escaped.</summary>
    public static string Compose(string kind, params string[] parts)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (!kind.All(KeyEscaping.IsSafe) || kind is "x" or "d" || kind == Meta)
        {
            throw new ArgumentException($"row kind '{kind}' must be letters or digits and not one of meta, x, d", nameof(kind));
        }
        var key = kind + "|" + string.Join('|', parts.Select(KeyEscaping.Escape));
        if (key.Length > MaxLength)
        {
            throw new ArgumentException($"row key '{Shorten(key)}' has {key.Length} characters, at most {MaxLength} are allowed", nameof(parts));
        }
        return key;
    }

    public static bool IsExtent(string rowKey) => rowKey.StartsWith(ExtentPrefix, StringComparison.Ordinal);

    public static bool IsDedupe(string rowKey) => rowKey.StartsWith(DedupePrefix, StringComparison.Ordinal);

    public static ExtentRowKey ParseExtent(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        var separator = rowKey.LastIndexOf('|');
        if (!IsExtent(rowKey) || separator < ExtentPrefix.Length + 1 || rowKey.Length - separator - 1 != ExtentIdLength)
        {
            throw new FormatException($"'{rowKey}' is not an extent row key (x|window|extent)");
        }
        try
        {
            var window = KeyEscaping.Unescape(rowKey[ExtentPrefix.Length..separator]);
            return new ExtentRowKey(window, DecodeExtentId(rowKey[(separator + 1)..]));
        }
        catch (FormatException e)
        {
            throw new FormatException($"'{rowKey}' is not an extent row key (x|window|extent): {e.Message}", e);
        }
    }

    /// <summary>
    /// Encodes an extent id so that ordinal order of the text is numeric order: non-negative ids as
    /// <c>0</c> + 19 digits, negative ones as <c>-</c> + 19 digits of <c>id + 2^63</c> (<c>-</c> sorts before <c>0</c>).
    /// </summary>
    public static string EncodeExtentId(long extentId) =>
        extentId >= 0
            ? "0" + extentId.ToString("D19", CultureInfo.InvariantCulture)
            : "-" + ((ulong)(extentId - long.MinValue)).ToString("D19", CultureInfo.InvariantCulture);

    public static long DecodeExtentId(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Length != ExtentIdLength || encoded[0] is not ('0' or '-') || !encoded.AsSpan(1).ContainsOnlyDigits()
            || !ulong.TryParse(encoded.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude)
            || magnitude > long.MaxValue)
        {
            throw new FormatException($"'{encoded}' is not an encoded extent id");
        }
        return encoded[0] == '0' ? (long)magnitude : (long)magnitude + long.MinValue;
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }
}
