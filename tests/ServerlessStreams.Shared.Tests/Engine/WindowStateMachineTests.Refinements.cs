using ServerlessStreams.Engine;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

/// <summary>Accumulating and discarding refinements.</summary>
public partial class WindowStateMachineTests
{
    [Fact]
    public void Accumulating_keeps_the_extent_state_after_firing()
    {
        var (machine, state) = Start(Job(Fixed(10), OnSegments(2)));
        Assert.Equal(["seg segment [0,9] 2", "seg segment [0,9] 4"], Apply(machine, state, TestSegments.At(1, 2, 3, 4)));
        Assert.Equal(["seg completed [0,9] 4"], Completed(machine, state));
    }

    [Fact]
    public void Discarding_resets_the_extent_state_after_firing()
    {
        var (machine, state) = Start(Job(Fixed(10), OnSegments(2, refinement: Refinement.Discarding)));
        var result = machine.Apply(state, Key, TestSegments.At(1, 2, 3, 4), 0, null);
        Assert.Equal(["seg segment [0,9] 2", "seg segment [0,9] 2"], FiringAssertions.Lines(result.Firings));
        Assert.Equal([new ExtentKey(0, 0)], result.Removed);
        Assert.Empty(result.Changed);
    }

    [Fact]
    public void A_discarded_extent_is_gone_so_completion_does_not_fire_it_again()
    {
        var (machine, state) = Start(Job(Fixed(10), OnSegments(2, refinement: Refinement.Discarding)));
        Apply(machine, state, TestSegments.At(1, 2, 15));
        Assert.Equal(["seg completed [10,19] 1"], Completed(machine, state));
        Assert.Empty(state.Extents);
    }

    [Fact]
    public void A_new_segment_brings_a_discarded_extent_back_from_zero()
    {
        var (machine, state) = Start(Job(Fixed(10), OnSegments(2, refinement: Refinement.Discarding)));
        Apply(machine, state, TestSegments.At(1, 2));
        Apply(machine, state, TestSegments.At(3));
        Assert.Equal(["seg completed [0,9] 1"], Completed(machine, state));
    }

    [Fact]
    public void A_discarding_watermark_trigger_fires_each_extent_once()
    {
        var (machine, state) = Start(Job(Fixed(10), OnWatermark(refinement: Refinement.Discarding)));
        Apply(machine, state, TestSegments.At(1, 12));
        Assert.Equal(["wm watermark [0,9] 1", "wm watermark [10,19] 1"],
            FiringAssertions.Lines(machine.Tick(state, Key, 0, watermark: 30).Firings));
        Assert.Empty(machine.Tick(state, Key, 0, watermark: 40).Firings);
        Assert.Empty(Completed(machine, state));
    }

    [Fact]
    public void Discarding_collect_starts_a_fresh_list()
    {
        var (machine, state) = Start(Job(Fixed(10, AggregationSpec.Collect), OnSegments(2, refinement: Refinement.Discarding)));
        var firings = machine.Apply(state, Key, [
            TestSegments.Of("""{"t":1,"n":0}"""), TestSegments.Of("""{"t":2,"n":1}"""), TestSegments.Of("""{"t":3,"n":2}"""),
        ], 0, null).Firings;
        Assert.Equal("""[{"t":1,"n":0},{"t":2,"n":1}]""", Assert.Single(firings).State!.ToJsonString());
        Assert.Equal(["""seg completed [0,9] [{"t":3,"n":2}]"""], Completed(machine, state));
    }
}
