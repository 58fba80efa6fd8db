using ServerlessStreams.Engine;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

/// <summary>Event time as Flink and Kafka Streams define it: lateness is decided per extent, never per segment alone.</summary>
public partial class WindowStateMachineTests
{
    private const double Hour = 60 * Minute;

    private static readonly TimeSettings NoLateness = new() { AllowedLateness = TimeSpan.Zero };

    [Fact]
    public void A_global_window_is_never_late()
    {
        var (machine, state) = Start(Job([Global(kind: WindowKeyKind.Time)], [Never()], time: NoLateness));

        var result = machine.Apply(state, Key, [TestSegments.Of("""{"t":1000}"""), TestSegments.Of("""{"t":5}""")], now: 0, watermark: 1e12);

        Assert.False(result.HasLate);
        Assert.Equal(2, result.Applied);
        Assert.Equal(["never completed [-,-] 2"], Completed(machine, state));
    }

    [Fact]
    public void A_segment_behind_the_watermark_counts_in_its_window_that_has_not_ended()
    {
        var (machine, state) = Start(Job([Fixed(Hour, kind: WindowKeyKind.Time)], [Never()], time: NoLateness));

        // 10 s out of order, after a later segment moved the watermark past it: the hour [0, 1 h) is still open.
        Apply(machine, state, [TestSegments.Of("""{"t":1200000}""")], watermark: 1_200_000);
        var result = machine.Apply(state, Key, [TestSegments.Of("""{"t":1190000}""")], now: 0, watermark: 1_200_000);

        Assert.False(result.HasLate);
        Assert.Equal(["never completed [0,3599999] 2"], Completed(machine, state));
    }

    [Fact]
    public void A_segment_is_late_for_a_window_only_when_the_window_has_ended_and_it_still_counts_in_the_others()
    {
        var job = Job([Fixed(Minute, id: "minute", kind: WindowKeyKind.Time), Fixed(Hour, id: "hour", kind: WindowKeyKind.Time)],
            [Never(windowId: "minute", id: "m"), Never(windowId: "hour", id: "h")], time: NoLateness);
        var (machine, state) = Start(job);

        // The minute [0, 60 s) has ended at watermark 90 s; the hour has not.
        var result = machine.Apply(state, Key, [TestSegments.Of("""{"t":30000}""")], now: 0, watermark: 90_000);

        Assert.False(result.HasLate);
        Assert.Equal(["h completed [0,3599999] 1"], Completed(machine, state));
    }

    [Fact]
    public void A_sliding_segment_updates_only_the_extents_that_have_not_ended()
    {
        var (machine, state) = Start(Job([Sliding(Minute, Minute / 2, kind: WindowKeyKind.Time)], [Never()], time: NoLateness));

        // 40 s is in [0, 60 s) (ended at watermark 60 s) and [30 s, 90 s) (open).
        var result = machine.Apply(state, Key, [TestSegments.Of("""{"t":40000}""")], now: 0, watermark: 60_000);

        Assert.False(result.HasLate);
        Assert.Equal(["never completed [30000,89999] 1"], Completed(machine, state));
    }

    [Fact]
    public void A_session_value_is_late_only_when_the_session_it_would_join_or_start_has_closed()
    {
        var (machine, state) = Start(Job([Session(Minute, kind: WindowKeyKind.Time)], [Never()], time: NoLateness));
        Apply(machine, state, [TestSegments.Of("""{"t":100000}""")]);

        // At watermark 150 s, 30 s (beyond the gap of 100 s) would start a session closing at 90 s: late. 70 s joins the open session
        // [100 s] (which closes at 160 s), although a session of its own would have closed at 130 s.
        var late = machine.Apply(state, Key, [TestSegments.Of("""{"t":30000}""")], now: 0, watermark: 150_000);
        var joins = machine.Apply(state, Key, [TestSegments.Of("""{"t":70000}""")], now: 0, watermark: 150_000);
        // At watermark 200 s the session [70 s, 100 s] has closed: it is final, so 150 s, within its gap, starts its own.
        var own = machine.Apply(state, Key, [TestSegments.Of("""{"t":150000}""")], now: 0, watermark: 200_000);

        Assert.Single(late.Late);
        Assert.False(joins.HasLate);
        Assert.False(own.HasLate);
        Assert.Equal(["never completed [70000,100000] 2", "never completed [150000,150000] 1"], Completed(machine, state));
    }

    [Fact]
    public void A_late_but_allowed_segment_fires_its_extent_again_as_a_correction()
    {
        var time = new TimeSettings { AllowedLateness = TimeSpan.FromMinutes(1) };
        var (machine, state) = Start(Job([Fixed(Minute, kind: WindowKeyKind.Time)], [OnWatermark()], time: time));
        Apply(machine, state, [TestSegments.Of("""{"t":1000}""")]);
        Assert.Equal(["wm watermark [0,59999] 1"], FiringAssertions.Lines(machine.Tick(state, Key, 0, watermark: 70_000).Firings));

        Assert.Equal(["wm watermark [0,59999] 2"], Apply(machine, state, [TestSegments.Of("""{"t":2000}""")], watermark: 70_000));
        // Closed at 120 s and delivered: the extent is pruned, and a segment of it is late.
        Assert.Empty(machine.Tick(state, Key, 0, watermark: 120_000).Firings);
        Assert.Empty(state.Extents);
        Assert.Single(machine.Apply(state, Key, [TestSegments.Of("""{"t":3000}""")], now: 0, watermark: 120_000).Late);
    }

    [Fact]
    public void A_window_whose_key_holds_numbers_is_never_late()
    {
        var (machine, state) = Start(Job([Fixed(10)], [Never()], time: NoLateness));
        var result = machine.Apply(state, Key, TestSegments.At(1), now: 0, watermark: 1e12);
        Assert.False(result.HasLate);
        Assert.Equal(["never completed [0,9] 1"], Completed(machine, state));
    }

    [Fact]
    public void Allowed_lateness_defaults_to_a_day()
    {
        Assert.Equal(TimeSpan.FromDays(1), TimeSettings.Default.AllowedLateness);
        var (machine, state) = Start(Job([Fixed(Minute, kind: WindowKeyKind.Time)], [Never()]));
        // A minute that ended 23 h 59 min ago still counts; one that ended a day ago has closed.
        Assert.False(machine.Apply(state, Key, [TestSegments.Of("""{"t":0}""")], now: 0, watermark: 60_000 + 24 * Hour - 1).HasLate);
        Assert.True(machine.Apply(state, Key, [TestSegments.Of("""{"t":0}""")], now: 0, watermark: 60_000 + 24 * Hour).HasLate);
    }

    [Fact]
    public void The_event_time_a_segment_carries_places_it_in_every_window_keyed_by_it_without_reading_the_key_again()
    {
        var job = Job([Fixed(Minute, id: "minute", kind: WindowKeyKind.Time), Fixed(Hour, id: "hour", kind: WindowKeyKind.Time)],
            [Never(windowId: "minute", id: "m"), Never(windowId: "hour", id: "h")]);
        var (machine, state) = Start(job);
        // The stage read 90 s; the payload is not read again (were it, the segment would land at 5 ms).
        var segment = TestSegments.Of("""{"t":5}""") with { EventTime = 90_000 };

        machine.Apply(state, Key, [segment], now: 0, watermark: null);

        Assert.Equal(["m completed [60000,119999] 1", "h completed [0,3599999] 1"], Completed(machine, state));
    }
}
