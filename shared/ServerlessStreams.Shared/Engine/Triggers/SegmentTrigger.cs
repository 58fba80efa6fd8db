using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// <c>segment</c>: fires every <c>threshold</c> segments of a key, counted per key as Onyx counts them (not per extent),
/// the extents the last segment landed in (or all of them with <c>fireAllExtents</c>).
/// </summary>
[ImplementsTrigger(TriggerKind.Segment)]
internal sealed class SegmentTrigger : CompiledTrigger
{
    private readonly long _threshold;

    public SegmentTrigger(TriggerSetup setup) : base(setup)
    {
        Require(setup.Spec.Threshold is > 0, setup.Spec, "a segment trigger needs threshold >= 1");
        _threshold = setup.Spec.Threshold!.Value;
    }

    public override void OnSegment(in TriggerContext context, JsonObject payload, double value, ReadOnlySpan<long> touched)
    {
        var counts = context.State.SegmentCounts;
        if (++counts[Index] < _threshold) return;
        counts[Index] = 0;
        context.FireLanded(this, touched);
    }
}
