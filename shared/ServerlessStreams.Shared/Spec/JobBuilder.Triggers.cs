namespace ServerlessStreams.Spec;

/// <summary>Triggers; each takes the common options <c>fireAllExtents</c>, <c>refinement</c> and <c>sync</c>.</summary>
public sealed partial class JobBuilder
{
    public JobBuilder SegmentTrigger(string id, string windowId, long threshold, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.Segment, fireAllExtents, refinement, sync) with { Threshold = threshold });

    public JobBuilder TimerTrigger(string id, string windowId, TimeSpan period, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.Timer, fireAllExtents, refinement, sync) with { Period = period });

    public JobBuilder PunctuationTrigger(string id, string windowId, PredicateSpec pred, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.Punctuation, fireAllExtents, refinement, sync) with { Pred = pred });

    public JobBuilder WatermarkTrigger(string id, string windowId, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.Watermark, fireAllExtents, refinement, sync));

    public JobBuilder PercentileWatermarkTrigger(string id, string windowId, double percentage, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.PercentileWatermark, fireAllExtents, refinement, sync) with { Percentage = percentage });

    public JobBuilder AddTrigger(TriggerSpec trigger)
    {
        _triggers.Add(trigger);
        return this;
    }

    private static TriggerSpec Trigger(string id, string windowId, TriggerKind on, bool fireAllExtents, Refinement refinement, SyncSpec? sync) =>
        new() { Id = id, WindowId = windowId, On = on, FireAllExtents = fireAllExtents, Refinement = refinement, Sync = sync };
}
