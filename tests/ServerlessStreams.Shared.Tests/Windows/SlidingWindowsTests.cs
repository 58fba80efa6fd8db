using ServerlessStreams.Windows;

namespace ServerlessStreams.Shared.Tests.Windows;

public class SlidingWindowsTests
{
    private static long[] Assign(SlidingWindows windows, double value)
    {
        var ids = new List<long>();
        windows.Assign(value, ids);
        return [.. ids];
    }

    [Theory]
    [InlineData(0, new long[] { 0, 1 })]
    [InlineData(4, new long[] { 0, 1 })]
    [InlineData(5, new long[] { 1, 2 })]
    [InlineData(9, new long[] { 1, 2 })]
    [InlineData(10, new long[] { 2, 3 })]
    public void A_value_belongs_to_range_over_slide_extents_ending_on_multiples_of_the_slide(double value, long[] expected)
    {
        Assert.Equal(expected, Assign(SlidingWindows.Of(range: 10, slide: 5), value));
    }

    [Theory]
    [InlineData(0, 0, 4)]
    [InlineData(1, 0, 9)]
    [InlineData(2, 5, 14)]
    [InlineData(3, 10, 19)]
    public void Bounds_follow_onyx_upper_is_min_plus_slide_times_w_plus_one_minus_one(long extent, double lower, double upper)
    {
        Assert.Equal((lower, upper), SlidingWindows.Of(10, 5).Bounds(extent));
    }

    [Fact]
    public void Full_extents_span_range_minus_one_unit()
    {
        var windows = SlidingWindows.Of(range: 60_000, slide: 15_000);
        var (lower, upper) = windows.Bounds(10);
        Assert.Equal(60_000 - 1, upper - lower);
        Assert.Equal(11 * 15_000 - 1, upper);
    }

    [Fact]
    public void Values_below_min_belong_to_no_extent()
    {
        Assert.Empty(Assign(SlidingWindows.Of(10, 5), -1));
        Assert.Empty(Assign(SlidingWindows.Of(10, 5, min: 100), 99));
    }

    [Fact]
    public void A_negative_min_numbers_extents_from_min()
    {
        var windows = SlidingWindows.Of(range: 10, slide: 5, min: -20);
        Assert.Equal([0, 1], Assign(windows, -20));
        Assert.Equal((-20d, -16d), windows.Bounds(0));
        Assert.Equal([3, 4], Assign(windows, -1));
        Assert.Equal((-10d, -1d), windows.Bounds(3));
    }

    [Fact]
    public void Each_assigned_extent_contains_the_value_and_its_neighbours_do_not()
    {
        var windows = SlidingWindows.Of(range: 7, slide: 3, min: 2);
        for (var v = 2; v < 60; v++)
        {
            var ids = Assign(windows, v);
            Assert.NotEmpty(ids);
            foreach (var id in ids)
            {
                var (lower, upper) = windows.Bounds(id);
                Assert.InRange(v, lower!.Value, upper!.Value);
            }
            var (_, beforeUpper) = windows.Bounds(ids[0] - 1);
            var (afterLower, _) = windows.Bounds(ids[^1] + 1);
            Assert.True(ids[0] == 0 || beforeUpper < v, $"value {v}: extent {ids[0] - 1} ends at {beforeUpper}");
            Assert.True(afterLower > v, $"value {v}: extent {ids[^1] + 1} starts at {afterLower}");
        }
    }

    [Theory]
    [InlineData(0, 1, "a window needs range > 0")]
    [InlineData(10, 0, "a sliding window needs slide > 0")]
    [InlineData(5, 10, "a sliding window needs range >= slide")]
    public void Of_names_the_broken_invariant(double range, double slide, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindows.Of(range, slide));
        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 10)]
    [InlineData(-1, 0)]
    public void An_extent_ends_one_unit_past_its_upper_bound(long extent, double end)
    {
        var windows = SlidingWindows.Of(10, 5);
        Assert.Equal(end, windows.EndOf(extent));
        Assert.Equal(end, windows.End(windows.Bounds(extent).Upper!.Value));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(9, 2)]
    public void The_last_extent_of_a_value_is_the_one_that_ends_latest(double value, long last)
    {
        var windows = SlidingWindows.Of(10, 5);
        var extents = new List<long>();
        windows.Assign(value, extents);
        Assert.Equal(last, windows.LastExtent(value));
        Assert.Equal(extents[^1], windows.LastExtent(value));
    }
}
