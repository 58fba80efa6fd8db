namespace ServerlessStreams.Spec;

/// <summary>Triggers; each takes the common options <c>fireAllExtents</c>, <c>refinement</c> and <c>sync</c>.</summary>
public sealed partial class JobBuilder
{
    /// <summary>Fires every <paramref name="threshold"/> segments per group key.</summary>
    public JobBuilder SegmentTrigger(string id, string windowId, long threshold, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.Segment, fireAllExtents, refinement, sync) with { Threshold = threshold });

    /// <summary>Fires every <paramref name="period"/> of processing time.</summary>
    public JobBuilder TimerTrigger(string id, string windowId, TimeSpan period, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.Timer, fireAllExtents, refinement, sync) with { Period = period });

    /// <summary>Fires when <paramref name="pred"/> holds for a segment.</summary>
    public JobBuilder PunctuationTrigger(string id, string windowId, PredicateSpec pred, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.Punctuation, fireAllExtents, refinement, sync) with { Pred = pred });

    /// <summary>Fires when the watermark passes an extent's end.</summary>
    public JobBuilder WatermarkTrigger(string id, string windowId, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.Watermark, fireAllExtents, refinement, sync));

    /// <summary>Fires when a segment's time passes <paramref name="percentage"/> of an extent.</summary>
    public JobBuilder PercentileWatermarkTrigger(string id, string windowId, double percentage, bool fireAllExtents = false,
        Refinement refinement = Refinement.Accumulating, SyncSpec? sync = null) =>
        AddTrigger(Trigger(id, windowId, TriggerKind.PercentileWatermark, fireAllExtents, refinement, sync) with { Percentage = percentage });

    /// <summary>Adds a trigger as it is.</summary>
    public JobBuilder AddTrigger(TriggerSpec trigger)
    {
        _triggers.Add(trigger);
        return this;
    }

    private static TriggerSpec Trigger(string id, string windowId, TriggerKind on, bool fireAllExtents, Refinement refinement, SyncSpec? sync) =>
        new() { Id = id, WindowId = windowId, On = on, FireAllExtents = fireAllExtents, Refinement = refinement, Sync = sync };
}
