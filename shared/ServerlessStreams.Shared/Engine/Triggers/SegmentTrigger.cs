using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// <c>segment</c>: fires every <c>threshold</c> segments of a key, counted per key as Onyx counts them (not per extent),
/// the extents the last segment landed in (or all of them with <c>fireAllExtents</c>).
/// </summary>
public sealed class SegmentTrigger : CompiledTrigger
{
    private readonly long _threshold;

    public SegmentTrigger(TriggerSpec spec, int index, int bit) : base(spec, index, bit)
    {
        Require(spec.Threshold is > 0, spec, "a segment trigger needs threshold >= 1");
        _threshold = spec.Threshold!.Value;
    }

    public override void OnSegment(in TriggerContext context, JsonObject payload, double value, ReadOnlySpan<long> touched)
    {
        var counts = context.State.SegmentCounts;
        if (++counts[Index] < _threshold) return;
        counts[Index] = 0;
        context.FireLanded(this, touched, FiringEvent.Segment);
    }
}
