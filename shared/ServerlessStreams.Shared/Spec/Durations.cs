using System.Globalization;
using System.Text.RegularExpressions;

namespace ServerlessStreams.Spec;

/// <summary>
/// Durations as a job spec writes them: a number with a unit (<c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>,
/// <c>2d</c>, decimals allowed) or ISO-8601 (<c>PT5M</c>, <c>P1D</c>, <c>P1W</c>, <c>PT0.5S</c>).
/// Years and months are refused: they have no fixed length.
/// </summary>
internal static partial class Durations
{
    public const string Expected = "a number with a unit (250ms, 30s, 5m, 1h, 2d) or ISO-8601 (PT5M, P1D)";

    private const decimal TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what was expected.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = default;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            error = $"an empty text is not a duration; expected {Expected}";
            return false;
        }

        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        string? isoError = null;
        var milliseconds = ParseShort(body) ?? ParseIso(body, out isoError);
        if (milliseconds is null)
        {
            error = isoError ?? $"'{text}' is not a duration; expected {Expected}";
            return false;
        }

        var ticks = decimal.Round(milliseconds.Value * TicksPerMillisecond, MidpointRounding.AwayFromZero);
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            error = $"'{text}' is too long a duration; the longest is {TimeSpan.MaxValue.TotalDays:0} days";
            return false;
        }

        value = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>The shortest exact text in the short form: the largest unit that divides the duration.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.MinValue) return "-" + Format(TimeSpan.MaxValue);
        if (duration < TimeSpan.Zero) return "-" + Format(duration.Negate());
        var ticks = duration.Ticks;
        if (ticks == 0) return "0s";
        foreach (var (unit, unitTicks) in Units)
        {
            if (ticks % unitTicks == 0) return (ticks / unitTicks).ToString(CultureInfo.InvariantCulture) + unit;
        }

        return (ticks / TicksPerMillisecond).ToString(CultureInfo.InvariantCulture) + "ms";
    }

    /// <summary>
    /// Formats a window bound or length held as (possibly fractional) milliseconds, choosing the tick count
    /// whose <see cref="TimeSpan.TotalMilliseconds"/> is exactly that value, so text and model round-trip.
    /// </summary>
    public static string FormatMilliseconds(double milliseconds)
    {
        if (!double.IsFinite(milliseconds) || Math.Abs(milliseconds) >= TimeSpan.MaxValue.TotalMilliseconds)
            return milliseconds.ToString(CultureInfo.InvariantCulture);

        var nearest = (long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond);
        for (var offset = 0L; offset <= 2; offset++)
        {
            foreach (var ticks in new[] { nearest - offset, nearest + offset })
            {
                if (TimeSpan.FromTicks(ticks).TotalMilliseconds == milliseconds) return Format(TimeSpan.FromTicks(ticks));
            }
        }

        return Format(TimeSpan.FromTicks(nearest));
    }

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    ];

    private static decimal? ParseShort(string text)
    {
        var match = ShortForm().Match(text);
        if (!match.Success) return null;
        var amount = ParseNumber(match.Groups["n"].Value);
        if (amount is null) return null;
        return match.Groups["unit"].Value switch
        {
            "ms" => amount,
            "s" => amount * 1_000m,
            "m" => amount * 60_000m,
            "h" => amount * 3_600_000m,
            _ => amount * 86_400_000m,
        };
    }

    private static decimal? ParseIso(string text, out string? error)
    {
        error = null;
        var match = IsoForm().Match(text);
        if (!match.Success)
        {
            if (IsoWithYearsOrMonths().IsMatch(text))
                error = $"'{text}' counts years or months, which have no fixed length; write days instead (P30D)";
            return null;
        }

        decimal total = 0;
        var any = false;
        foreach (var (group, unitMilliseconds) in IsoUnits)
        {
            var part = match.Groups[group];
            if (!part.Success) continue;
            var amount = ParseNumber(part.Value.Replace(',', '.'));
            if (amount is null) return null;
            total += amount.Value * unitMilliseconds;
            any = true;
        }

        return any ? total : null;
    }

    private static readonly (string Group, decimal Milliseconds)[] IsoUnits =
    [
        ("w", 604_800_000m), ("d", 86_400_000m), ("h", 3_600_000m), ("m", 60_000m), ("s", 1_000m),
    ];

    private static decimal? ParseNumber(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortForm();

    [GeneratedRegex(
        @"^P(?:(?<w>\d+(?:[.,]\d+)?)W)?(?:(?<d>\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(?<h>\d+(?:[.,]\d+)?)H)?(?:(?<m>\d+(?:[.,]\d+)?)M)?(?:(?<s>\d+(?:[.,]\d+)?)S)?)?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IsoForm();

    [GeneratedRegex(@"^P[^T]*[YM]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IsoWithYearsOrMonths();
}
