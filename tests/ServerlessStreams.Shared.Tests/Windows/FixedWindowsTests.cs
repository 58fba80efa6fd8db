using ServerlessStreams.Windows;

namespace ServerlessStreams.Shared.Tests.Windows;

public class FixedWindowsTests
{
    private const double Minute = 60_000;

    private static long[] Assign(SlidingWindows windows, double value)
    {
        var ids = new List<long>();
        windows.Assign(value, ids);
        return [.. ids];
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(Minute - 1, 0)]
    [InlineData(Minute, 1)]
    [InlineData(2 * Minute + 1, 2)]
    public void A_value_belongs_to_exactly_one_extent(double value, long extent)
    {
        var windows = FixedWindows.Of(Minute);
        Assert.Equal([extent], Assign(windows, value));
        Assert.Equal(extent, windows.FixedExtent(value));
    }

    [Fact]
    public void Fixed_is_sliding_with_slide_equal_to_range()
    {
        var windows = FixedWindows.Of(Minute);
        Assert.True(windows.IsFixed);
        Assert.Equal(windows.Range, windows.Slide);
        Assert.Equal(SlidingWindows.Of(Minute, Minute), windows);
    }

    [Fact]
    public void Upper_bound_is_lower_plus_range_minus_one_millisecond()
    {
        Assert.Equal((0d, Minute - 1), FixedWindows.Of(Minute).Bounds(0));
        Assert.Equal((Minute, 2 * Minute - 1), FixedWindows.Of(Minute).Bounds(1));
    }

    [Fact]
    public void Numeric_keys_use_one_unit_below_the_next_extent()
    {
        var windows = FixedWindows.Of(10);
        Assert.Equal([0], Assign(windows, 9));
        Assert.Equal([1], Assign(windows, 10));
        Assert.Equal((10d, 19d), windows.Bounds(1));
    }

    [Fact]
    public void Extents_start_at_min()
    {
        var windows = FixedWindows.Of(10, min: 5);
        Assert.Equal([0], Assign(windows, 5));
        Assert.Equal([0], Assign(windows, 14));
        Assert.Equal([1], Assign(windows, 15));
        Assert.Equal((5d, 14d), windows.Bounds(0));
        Assert.Empty(Assign(windows, 4));
    }

    [Fact]
    public void Negative_values_below_the_default_min_belong_to_no_extent()
    {
        Assert.Empty(Assign(FixedWindows.Of(Minute), -1));
    }

    [Fact]
    public void Of_refuses_an_empty_range()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FixedWindows.Of(0));
        Assert.StartsWith("a fixed window needs range > 0", error.Message);
    }
}
