using ServerlessStreams.Engine;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

/// <summary>Session windows through the state machine.</summary>
public partial class WindowStateMachineTests
{
    [Fact]
    public void Events_further_apart_than_the_gap_make_separate_sessions()
    {
        var (machine, state) = Start(Job(Session(5), Never()));
        Apply(machine, state, TestSegments.At(0, 3, 10, 20, 25));
        Assert.Equal(["never completed [0,3] 2", "never completed [10,10] 1", "never completed [20,25] 2"], Completed(machine, state));
    }

    [Theory]
    [InlineData(new double[] { 0, 10, 5 }, """[{"t":0},{"t":10},{"t":5}]""")]
    [InlineData(new double[] { 10, 0, 5 }, """[{"t":10},{"t":0},{"t":5}]""")]
    [InlineData(new double[] { 5, 10, 0 }, """[{"t":5},{"t":10},{"t":0}]""")]
    public void An_out_of_order_event_bridging_two_sessions_merges_them_keeping_arrival_order(double[] times, string collected)
    {
        var (machine, state) = Start(Job(Session(5, AggregationSpec.Collect), Never()));
        Apply(machine, state, TestSegments.At(times));
        Assert.Equal([$"never completed [0,10] {collected}"], Completed(machine, state));
    }

    [Fact]
    public void A_merge_reports_the_absorbed_session_as_removed()
    {
        var (machine, state) = Start(Job(Session(5), Never()));
        Apply(machine, state, TestSegments.At(0, 10));
        var result = machine.Apply(state, Key, TestSegments.At(5), 0, null);
        Assert.Single(result.Removed);
        Assert.Single(result.Changed);
        Assert.Single(state.Extents);
    }

    [Fact]
    public void Merged_sessions_combine_their_aggregates()
    {
        var (machine, state) = Start(Job(Session(5, new AggregationSpec(AggregationKind.Average, "x")), Never()));
        Apply(machine, state, [
            TestSegments.Of("""{"t":0,"x":1}"""), TestSegments.Of("""{"t":20,"x":3}"""), TestSegments.Of("""{"t":10}"""),
            TestSegments.Of("""{"t":15,"x":8}"""), TestSegments.Of("""{"t":5,"x":null}"""),
        ]);
        Assert.Equal(["never completed [0,20] 4"], Completed(machine, state));
    }

    [Fact]
    public void A_session_watermark_trigger_waits_for_the_gap_after_the_last_event()
    {
        var (machine, state) = Start(Job(Session(5), OnWatermark()));
        Apply(machine, state, TestSegments.At(0, 3));
        Assert.Equal(8, machine.NextWatermarkDue(state));
        Assert.Empty(machine.Tick(state, Key, 0, watermark: 7).Firings);
        Assert.Equal(["wm watermark [0,3] 2"], FiringAssertions.Lines(machine.Tick(state, Key, 0, watermark: 8).Firings));
    }

    [Fact]
    public void A_segment_trigger_on_sessions_fires_the_merged_session()
    {
        var (machine, state) = Start(Job(Session(5), OnSegments(3)));
        Assert.Equal(["seg segment [0,10] 3"], Apply(machine, state, TestSegments.At(0, 10, 5)));
    }
}
