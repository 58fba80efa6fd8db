using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

/// <summary>Each trigger kind, and fireAllExtents.</summary>
public partial class WindowStateMachineTests
{
    [Fact]
    public void The_segment_trigger_counts_per_key_not_per_extent_and_fires_the_extent_the_segment_landed_in()
    {
        var machine = Machine(Job(Fixed(10), OnSegments(3)));
        var a = machine.NewState();
        var b = machine.NewState();
        var keyA = GroupKey.From("a");
        var keyB = GroupKey.From("b");

        Assert.Empty(machine.Apply(a, keyA, TestSegments.At(1, 15), 0, null).Firings);
        Assert.Empty(machine.Apply(b, keyB, TestSegments.At(2, 3), 0, null).Firings);
        var third = Assert.Single(machine.Apply(a, keyA, TestSegments.At(25), 0, null).Firings);
        Assert.Equal("seg segment [20,29] 1", FiringAssertions.Line(third));
        Assert.Equal(keyA, third.GroupKey);

        // The count restarts after a firing: three more segments for a, all in extent 0.
        Assert.Empty(machine.Apply(a, keyA, TestSegments.At(3, 4), 0, null).Firings);
        Assert.Equal(["seg segment [0,9] 4"], FiringAssertions.Lines(machine.Apply(a, keyA, TestSegments.At(5), 0, null).Firings));
        Assert.Equal(["seg segment [0,9] 3"], FiringAssertions.Lines(machine.Apply(b, keyB, TestSegments.At(7), 0, null).Firings));
    }

    [Fact]
    public void The_segment_trigger_with_fire_all_extents_fires_every_extent_of_the_key()
    {
        var (machine, state) = Start(Job(Fixed(10), OnSegments(3, fireAll: true)));
        Assert.Equal(
            ["seg segment [0,9] 1", "seg segment [10,19] 1", "seg segment [20,29] 1"],
            Apply(machine, state, TestSegments.At(1, 15, 25)));
    }

    [Fact]
    public void The_segment_trigger_fires_in_a_batch_where_the_threshold_is_crossed()
    {
        var (machine, state) = Start(Job(Fixed(10), OnSegments(2)));
        Assert.Equal(["seg segment [0,9] 2", "seg segment [10,19] 1", "seg segment [10,19] 3"],
            Apply(machine, state, TestSegments.At(1, 2, 3, 14, 15, 16)));
    }

    [Fact]
    public void The_timer_fires_every_extent_when_its_period_of_processing_time_has_passed()
    {
        var (machine, state) = Start(Job(Fixed(100), OnTimer(TimeSpan.FromMilliseconds(10))));

        Assert.Empty(Apply(machine, state, TestSegments.At(1, 150), now: 5));
        Assert.Equal(10, machine.NextTimerDue(state));
        Assert.Empty(machine.Tick(state, Key, now: 9.9, watermark: null).Firings);
        Assert.Equal(["timer timer [0,99] 1", "timer timer [100,199] 1"],
            FiringAssertions.Lines(machine.Tick(state, Key, now: 10, watermark: null).Firings));
        Assert.Equal(20, machine.NextTimerDue(state));

        Apply(machine, state, TestSegments.At(2), now: 12);
        Assert.Empty(machine.Tick(state, Key, now: 19, watermark: null).Firings);
        Assert.Equal(["timer timer [0,99] 2", "timer timer [100,199] 1"],
            FiringAssertions.Lines(machine.Tick(state, Key, now: 35, watermark: null).Firings));
        Assert.Equal(40, machine.NextTimerDue(state));
    }

    [Fact]
    public void A_discarding_timer_clears_the_key_and_stops_until_a_segment_arrives()
    {
        var (machine, state) = Start(Job(Fixed(100), OnTimer(TimeSpan.FromMilliseconds(10), refinement: Refinement.Discarding)));
        Apply(machine, state, TestSegments.At(1), now: 0);
        Assert.Equal(["timer timer [0,99] 1"], FiringAssertions.Lines(machine.Tick(state, Key, 10, null).Firings));
        Assert.Null(machine.NextTimerDue(state));
        Assert.Empty(machine.Tick(state, Key, 50, null).Firings);

        Apply(machine, state, TestSegments.At(3), now: 51);
        Assert.Equal(60, machine.NextTimerDue(state));
        Assert.Equal(["timer timer [0,99] 1"], FiringAssertions.Lines(machine.Tick(state, Key, 60, null).Firings));
    }

    [Fact]
    public void The_punctuation_trigger_fires_when_the_field_equals_the_value()
    {
        var pred = PredicateSpec.FieldEquals("type", "\"logout\"");
        var (machine, state) = Start(Job(Fixed(10), OnPunctuation(pred)));
        Assert.Empty(Apply(machine, state, [TestSegments.Of("""{"t":1,"type":"click"}"""), TestSegments.Of("""{"t":12,"type":"click"}""")]));
        Assert.Equal(["punct punctuation [0,9] 2"], Apply(machine, state, [TestSegments.Of("""{"t":2,"type":"logout"}""")]));
        Assert.Empty(Apply(machine, state, [TestSegments.Of("""{"t":3,"type":"LOGOUT"}"""), TestSegments.Of("""{"t":4}""")]));
    }

    [Fact]
    public void The_punctuation_trigger_with_fire_all_extents_fires_every_extent()
    {
        var pred = PredicateSpec.FieldEquals("done", "true");
        var (machine, state) = Start(Job(Fixed(10), OnPunctuation(pred, fireAll: true)));
        Assert.Equal(["punct punctuation [0,9] 1", "punct punctuation [10,19] 1"],
            Apply(machine, state, [TestSegments.Of("""{"t":1}"""), TestSegments.Of("""{"t":12,"done":true}""")]));
    }

    [Fact]
    public void The_watermark_trigger_fires_an_extent_once_its_upper_bound_is_reached()
    {
        var time = new TimeSettings { AllowedLateness = TimeSpan.FromHours(1) };
        var (machine, state) = Start(Job([Fixed(10)], [OnWatermark()], time: time));
        Assert.Empty(Apply(machine, state, TestSegments.At(1, 12)));
        Assert.Equal(9, machine.NextWatermarkDue(state));
        Assert.Empty(machine.Tick(state, Key, 0, watermark: 8.9).Firings);
        Assert.Equal(["wm watermark [0,9] 1"], FiringAssertions.Lines(machine.Tick(state, Key, 0, watermark: 9).Firings));
        Assert.Empty(machine.Tick(state, Key, 0, watermark: 10).Firings);
        Assert.Equal(19, machine.NextWatermarkDue(state));
        Assert.Equal(["wm watermark [10,19] 1"], FiringAssertions.Lines(machine.Tick(state, Key, 0, watermark: 25).Firings));
        Assert.Null(machine.NextWatermarkDue(state));

        // A segment that lands in a fired extent (within the allowed lateness) makes it fire again.
        Assert.Equal(["wm watermark [0,9] 2"], Apply(machine, state, TestSegments.At(5), watermark: 25));
    }

    [Fact]
    public void The_percentile_watermark_trigger_fires_when_a_segment_or_the_watermark_passes_the_point()
    {
        var (machine, state) = Start(Job(Fixed(10), OnPercentile(0.5)));
        Assert.Empty(Apply(machine, state, TestSegments.At(1, 4)));
        Assert.Equal(["pct percentileWatermark [0,9] 3"], Apply(machine, state, TestSegments.At(5)));
        // As in Onyx, every later segment past the point fires again (a new segment re-arms the extent).
        Assert.Equal(["pct percentileWatermark [0,9] 4"], Apply(machine, state, TestSegments.At(6)));
        Assert.Empty(Apply(machine, state, TestSegments.At(11)));
        Assert.Equal(14.5, machine.NextWatermarkDue(state));
        Assert.Empty(machine.Tick(state, Key, 0, watermark: 14).Firings);
        Assert.Equal(["pct percentileWatermark [10,19] 1"], FiringAssertions.Lines(machine.Tick(state, Key, 0, watermark: 15).Firings));
    }

    [Fact]
    public void Without_fire_all_extents_only_the_touched_extent_fires()
    {
        var (machine, state) = Start(Job(Fixed(10), OnSegments(1)));
        Assert.Equal(["seg segment [0,9] 1"], Apply(machine, state, TestSegments.At(1)));
        Assert.Equal(["seg segment [20,29] 1"], Apply(machine, state, TestSegments.At(21)));
    }

    [Fact]
    public void Completion_fires_every_trigger_for_every_live_extent()
    {
        var job = Job([Fixed(10)], [OnSegments(100), OnWatermark(), OnTimer(TimeSpan.FromSeconds(1))]);
        var (machine, state) = Start(job);
        Apply(machine, state, TestSegments.At(1, 11));
        Assert.Equal(
            ["seg completed [0,9] 1", "seg completed [10,19] 1", "wm completed [0,9] 1", "wm completed [10,19] 1",
             "timer completed [0,9] 1", "timer completed [10,19] 1"],
            Completed(machine, state));
    }

    [Fact]
    public void Firing_versions_increase_with_every_firing_of_the_key()
    {
        var (machine, state) = Start(Job(Fixed(10), OnSegments(1)));
        var first = machine.Apply(state, Key, TestSegments.At(1, 2), 0, null).Firings;
        var last = machine.Complete(state, Key).Firings;
        Assert.Equal([1L, 2L, 3L], first.Concat(last).Select(f => f.Version));
    }

    [Theory]
    [InlineData(TriggerKind.Segment, "trigger 't': a segment trigger needs threshold >= 1")]
    [InlineData(TriggerKind.Timer, "trigger 't': a timer trigger needs a period > 0")]
    [InlineData(TriggerKind.Punctuation, "trigger 't': a punctuation trigger needs pred")]
    [InlineData(TriggerKind.PercentileWatermark, "trigger 't': a percentileWatermark trigger needs 0 < percentage <= 1")]
    public void A_trigger_missing_its_setting_is_refused_when_the_task_compiles(TriggerKind kind, string message)
    {
        var trigger = new TriggerSpec { Id = "t", WindowId = "w", On = kind };
        var error = Assert.Throws<ArgumentException>(() => Compile(Job(Fixed(10), trigger)));
        Assert.Equal(message, error.Message);
    }
}
