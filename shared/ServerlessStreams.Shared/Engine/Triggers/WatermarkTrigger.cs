using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// <c>watermark</c>: fires an extent once the watermark reaches its upper bound (for a session, its last event time
/// plus the gap, since until then an in-order event can still extend it). A segment that lands afterwards, within the
/// allowed lateness, makes it fire again as a correction, as Flink's EventTimeTrigger fires a late element's window.
/// </summary>
[ImplementsTrigger(TriggerKind.Watermark)]
internal sealed class WatermarkTrigger(TriggerSetup setup) : CompiledTrigger(setup)
{
    public override bool RunsOnTime => true;

    public override bool WaitsForWatermark => true;

    public override bool FiresOncePerExtent => true;

    public override void OnTime(in TriggerContext context, double now, double? watermark)
    {
        if (watermark is not { } wm || context.DueAt(this, wm) is not { } due) return;
        foreach (var id in due) context.Fire(this, id);
    }

    public override double? NextWatermarkDue(CompiledWindow window, long id, ExtentState extent)
    {
        if (extent.HasFired(this)) return null;
        var (_, upper) = window.Bounds(id, extent);
        return window.Assigner is Windows.IMergingWindowAssigner merging && upper is { } last ? merging.End(last) : upper;
    }
}
