namespace ServerlessStreams.Windows;

/// <summary>
/// Extents of length <see cref="Range"/> that end on multiples of <see cref="Slide"/> past <see cref="Min"/>:
/// extent w has upper bound <c>min + slide·(w+1) − unit</c> and lower bound <c>max(min, upper + unit − range)</c>,
/// where the unit is one millisecond for times and one for numbers (Onyx's bound convention).
/// </summary>
internal sealed record SlidingWindows : INumberedWindowAssigner
{
    private SlidingWindows(double range, double slide, double min)
    {
        Range = range;
        Slide = slide;
        Min = min;
    }

    public double Range { get; }
    public double Slide { get; }
    public double Min { get; }

    public static SlidingWindows Of(double range, double slide, double min = 0)
    {
        if (!(range > 0)) throw new ArgumentOutOfRangeException(nameof(range), range, "a window needs range > 0");
        if (!(slide > 0)) throw new ArgumentOutOfRangeException(nameof(slide), slide, "a sliding window needs slide > 0");
        if (range < slide) throw new ArgumentOutOfRangeException(nameof(range), range, "a sliding window needs range >= slide");
        return new SlidingWindows(range, slide, min);
    }

    public void Assign(double value, List<long> extentIds)
    {
        if (value < Min) return;
        var first = (long)Math.Floor((value - Min) / Slide);
        var last = (long)Math.Floor((value + Range - Min) / Slide) - 1;
        for (var w = first; w <= last; w++) extentIds.Add(w);
    }

    /// <summary>The last extent (the one that ends latest) that <paramref name="value"/> belongs to.</summary>
    public long LastExtent(double value) => (long)Math.Floor((value + Range - Min) / Slide) - 1;

    /// <summary>The single extent of a fixed window (slide = range), without allocating.</summary>
    public long FixedExtent(double value) => (long)Math.Floor((value - Min) / Slide);

    public bool IsFixed => Range == Slide;

    public (double? Lower, double? Upper) Bounds(long extentId)
    {
        var upper = Min + Slide * (extentId + 1) - 1;
        var lower = Math.Max(Min, upper + 1 - Range);
        return (lower, upper);
    }

    /// <summary>One unit past the inclusive upper bound (one millisecond for times).</summary>
    public double? End(double upper) => upper + 1;

    /// <summary>The end of an extent by its id.</summary>
    public double EndOf(long extentId) => Min + Slide * (extentId + 1);
}
