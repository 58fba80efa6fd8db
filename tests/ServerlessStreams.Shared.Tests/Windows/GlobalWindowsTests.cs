using ServerlessStreams.Windows;

namespace ServerlessStreams.Shared.Tests.Windows;

public class GlobalWindowsTests
{
    [Theory]
    [InlineData(-1e12)]
    [InlineData(0)]
    [InlineData(1e12)]
    public void Every_value_belongs_to_the_one_extent(double value)
    {
        var ids = new List<long>();
        GlobalWindows.Instance.Assign(value, ids);
        Assert.Equal([GlobalWindows.ExtentId], ids);
    }

    [Fact]
    public void The_extent_has_open_bounds()
    {
        Assert.Equal(((double?)null, (double?)null), GlobalWindows.Instance.Bounds(GlobalWindows.ExtentId));
    }

    [Fact]
    public void The_global_extent_never_ends()
    {
        Assert.Null(GlobalWindows.Instance.End(double.MaxValue));
        Assert.IsAssignableFrom<INumberedWindowAssigner>(GlobalWindows.Instance);
    }
}
