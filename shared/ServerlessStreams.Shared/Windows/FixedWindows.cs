namespace ServerlessStreams.Windows;

/// <summary>Tumbling extents: sliding windows whose slide equals their range.</summary>
internal static class FixedWindows
{
    public static SlidingWindows Of(double range, double min = 0)
    {
        if (!(range > 0)) throw new ArgumentOutOfRangeException(nameof(range), range, "a fixed window needs range > 0");
        return SlidingWindows.Of(range, range, min);
    }
}
