using System.Globalization;

namespace ServerlessStreams.Spec.Information;

/// <summary>
/// The allowed range of a numeric value; durations are compared in milliseconds.
/// A null end is open.
/// </summary>
internal sealed record SpecBounds(double? Min = null, bool MinExclusive = false, double? Max = null, bool MaxExclusive = false)
{
    public static readonly SpecBounds Positive = new(Min: 0, MinExclusive: true);
    public static readonly SpecBounds NotNegative = new(Min: 0);

    public static SpecBounds AtLeast(double min) => new(Min: min);

    public bool Contains(double value) =>
        (Min is not { } min || (MinExclusive ? value > min : value >= min)) &&
        (Max is not { } max || (MaxExclusive ? value < max : value <= max));

    /// <summary>The range as a sentence fragment, e.g. <c>greater than 0 and at most 1</c>.</summary>
    public string Describe(bool duration = false)
    {
        var parts = new List<string>();
        if (Min is { } min) parts.Add((MinExclusive ? "greater than " : "at least ") + Show(min, duration));
        if (Max is { } max) parts.Add((MaxExclusive ? "less than " : "at most ") + Show(max, duration));
        return string.Join(" and ", parts);
    }

    private static string Show(double value, bool duration) =>
        duration ? Durations.FormatMilliseconds(value) : value.ToString(CultureInfo.InvariantCulture);
}
