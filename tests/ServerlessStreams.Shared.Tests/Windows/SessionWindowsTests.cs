using ServerlessStreams.Windows;

namespace ServerlessStreams.Shared.Tests.Windows;

public class SessionWindowsTests
{
    private static readonly SessionWindows Gap5 = SessionWindows.Of(5);

    [Fact]
    public void A_first_value_creates_a_session()
    {
        Assert.Equal(new ExtentOperation.Create(7, 100), Gap5.Place([], 100, newId: 7));
    }

    [Theory]
    [InlineData(95, 95, 110)]
    [InlineData(100, 100, 110)]
    [InlineData(104, 100, 110)]
    [InlineData(115, 100, 115)]
    public void A_value_within_the_gap_on_either_side_alters_the_session(double value, double lower, double upper)
    {
        SessionExtent[] sessions = [new(3, 100, 110)];
        Assert.Equal(new ExtentOperation.Alter(3, lower, upper), Gap5.Place(sessions, value, newId: 4));
    }

    [Theory]
    [InlineData(94)]
    [InlineData(116)]
    public void A_value_beyond_the_gap_starts_a_new_session(double value)
    {
        SessionExtent[] sessions = [new(3, 100, 110)];
        Assert.Equal(new ExtentOperation.Create(4, value), Gap5.Place(sessions, value, newId: 4));
    }

    [Fact]
    public void An_out_of_order_value_bridging_two_sessions_merges_them_into_the_older()
    {
        SessionExtent[] sessions = [new(0, 0, 0), new(1, 10, 10)];
        var merge = Assert.IsType<ExtentOperation.Merge>(Gap5.Place(sessions, 5, newId: 2));
        Assert.Equal(0, merge.Target);
        Assert.Equal([1L], merge.Sources);
        Assert.Equal((0d, 10d), (merge.Lower, merge.Upper));
    }

    [Fact]
    public void Bridging_merges_into_the_older_session_also_when_it_lies_later()
    {
        SessionExtent[] sessions = [new(1, 0, 0), new(0, 10, 10)];
        var merge = Assert.IsType<ExtentOperation.Merge>(Gap5.Place(sessions, 5, newId: 2));
        Assert.Equal(0, merge.Target);
        Assert.Equal([1L], merge.Sources);
        Assert.Equal((0d, 10d), (merge.Lower, merge.Upper));
    }

    [Fact]
    public void A_value_can_bridge_three_sessions()
    {
        var gap10 = SessionWindows.Of(10);
        SessionExtent[] sessions = [new(2, 0, 0), new(0, 10, 10), new(1, 20, 20)];
        var merge = Assert.IsType<ExtentOperation.Merge>(gap10.Place(sessions, 10, newId: 3));
        Assert.Equal(0, merge.Target);
        Assert.Equal([1L, 2L], merge.Sources);
        Assert.Equal((0d, 20d), (merge.Lower, merge.Upper));
    }

    [Fact]
    public void A_zero_gap_joins_only_equal_values()
    {
        var gap0 = SessionWindows.Of(0);
        SessionExtent[] sessions = [new(0, 10, 10)];
        Assert.IsType<ExtentOperation.Alter>(gap0.Place(sessions, 10, 1));
        Assert.IsType<ExtentOperation.Create>(gap0.Place(sessions, 11, 1));
    }

    [Fact]
    public void Of_refuses_a_negative_gap()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SessionWindows.Of(-1));
        Assert.StartsWith("a session window needs timeoutGap >= 0", error.Message);
    }

    [Fact]
    public void A_session_ends_one_gap_after_its_last_event_and_merges_as_a_window_assigner()
    {
        var sessions = SessionWindows.Of(5);
        Assert.Equal(15, sessions.End(10));
        Assert.Equal(10, SessionWindows.Of(0).End(10));
        Assert.IsAssignableFrom<IMergingWindowAssigner>(sessions);
    }
}
