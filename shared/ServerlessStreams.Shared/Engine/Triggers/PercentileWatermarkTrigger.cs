using System.Text.Json.Nodes;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// <c>percentileWatermark</c>: fires an extent once the watermark, or a segment's own window-key value, passes
/// <c>lower + percentage·(upper − lower)</c>; like the watermark trigger, once per extent until its next segment.
/// </summary>
[ImplementsTrigger(TriggerKind.PercentileWatermark)]
internal sealed class PercentileWatermarkTrigger : CompiledTrigger
{
    private readonly double _percentage;

    public PercentileWatermarkTrigger(TriggerSetup setup) : base(setup)
    {
        Require(setup.Spec.Percentage is > 0 and <= 1, setup.Spec, "a percentileWatermark trigger needs 0 < percentage <= 1");
        _percentage = setup.Spec.Percentage!.Value;
    }

    public override bool RunsOnTime => true;

    public override bool WaitsForWatermark => true;

    public override bool FiresOncePerExtent => true;

    public override void OnSegment(in TriggerContext context, JsonObject payload, double value, ReadOnlySpan<long> touched)
    {
        var window = context.Window;
        var ids = Spec.FireAllExtents ? context.State.ExtentsOf(window.Index).Select(e => e.Id).ToArray() : touched.ToArray();
        foreach (var id in ids)
            if (context.State.Extents.TryGetValue(new ExtentKey(window.Index, id), out var extent) &&
                NextWatermarkDue(window, id, extent) is { } point && value >= point)
                context.Fire(this, id);
    }

    public override void OnTime(in TriggerContext context, double now, double? watermark)
    {
        if (watermark is not { } wm || context.DueAt(this, wm) is not { } due) return;
        foreach (var id in due) context.Fire(this, id);
    }

    public override double? NextWatermarkDue(CompiledWindow window, long id, ExtentState extent)
    {
        if (extent.HasFired(this)) return null;
        var (lower, upper) = window.Bounds(id, extent);
        if (lower is not { } lo || upper is not { } hi) return null;
        return lo + _percentage * (hi - lo);
    }
}
