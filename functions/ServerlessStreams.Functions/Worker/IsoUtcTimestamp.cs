using System.Runtime.CompilerServices;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// Reads exactly the timestamp form the host writes (Json.NET's UTC <c>DateTime</c>), <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}]Z</c>,
/// from UTF-8. Anything else is left to <see cref="KafkaTriggerMetadata"/>, which accepts every ISO-8601 variant.
/// </summary>
/// <remarks>
/// Compiled fully optimised from the start: it runs per record, and a freshly started worker would otherwise run it
/// unoptimised until tiered compilation gets round to it.
/// </remarks>
internal static class IsoUtcTimestamp
{
    private const int WithoutFraction = 20; // 2026-03-16T12:00:00Z

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out long epochMilliseconds)
    {
        epochMilliseconds = 0;
        if (text.Length < WithoutFraction || text[^1] != (byte)'Z') return false;
        if (text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':')
        {
            return false;
        }
        if (!TryDigits(text.Slice(0, 4), out var year) || !TryDigits(text.Slice(5, 2), out var month) ||
            !TryDigits(text.Slice(8, 2), out var day) || !TryDigits(text.Slice(11, 2), out var hour) ||
            !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long fractionTicks = 0;
        if (text.Length > WithoutFraction)
        {
            var fraction = text[20..^1];
            if (text[19] != (byte)'.' || fraction.Length > 7 || !TryDigits(fraction, out var digits)) return false;
            fractionTicks = digits;
            for (var i = fraction.Length; i < 7; i++) fractionTicks *= 10;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks;
        epochMilliseconds = new DateTimeOffset(ticks, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            var digit = c - (byte)'0';
            if ((uint)digit > 9) return false;
            value = (value * 10) + digit;
        }
        return true;
    }
}
