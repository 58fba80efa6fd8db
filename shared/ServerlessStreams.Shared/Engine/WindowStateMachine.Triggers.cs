using System.Text.Json.Nodes;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

public sealed partial class WindowStateMachine
{
    private static void OnSegment(KeyState state, GroupKey key, CompiledWindow window, CompiledTrigger trigger,
        JsonObject payload, double value, double now, ReadOnlySpan<long> touched, StepResult result)
    {
        switch (trigger.Kind)
        {
            case TriggerKind.Segment:
                if (++state.SegmentCounts[trigger.Index] >= trigger.Spec.Threshold)
                {
                    state.SegmentCounts[trigger.Index] = 0;
                    FireSegmentExtents(state, key, window, trigger, touched, FiringEvent.Segment, result);
                }
                break;
            case TriggerKind.Punctuation:
                if (trigger.Punctuation!(payload))
                    FireSegmentExtents(state, key, window, trigger, touched, FiringEvent.Punctuation, result);
                break;
            case TriggerKind.PercentileWatermark:
                foreach (var id in trigger.Spec.FireAllExtents ? state.ExtentsOf(window.Index).Select(e => e.Id).ToArray() : touched.ToArray())
                {
                    if (state.Extents.TryGetValue(new ExtentKey(window.Index, id), out var extent) &&
                        PercentilePoint(window, trigger, id, extent) is { } point && value >= point && !extent.HasFired(trigger))
                        FireExtent(state, key, window, trigger, id, FiringEvent.PercentileWatermark, result);
                }
                break;
            case TriggerKind.Timer:
                state.NextTimerAt[trigger.Index] ??= NextBoundary(now, trigger.PeriodMs);
                break;
        }
    }

    /// <summary>The extents the segment landed in, or all the key's extents with <c>fireAllExtents</c>.</summary>
    private static void FireSegmentExtents(KeyState state, GroupKey key, CompiledWindow window, CompiledTrigger trigger,
        ReadOnlySpan<long> touched, FiringEvent firingEvent, StepResult result)
    {
        if (trigger.Spec.FireAllExtents)
        {
            foreach (var (id, _) in state.ExtentsOf(window.Index))
                FireExtent(state, key, window, trigger, id, firingEvent, result);
            return;
        }
        foreach (var id in touched)
            FireExtent(state, key, window, trigger, id, firingEvent, result);
    }

    private void EvaluateTime(KeyState state, GroupKey key, double now, double? watermark, StepResult result)
    {
        var windows = task.Windows;
        for (var w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            var triggers = window.Triggers;
            for (var t = 0; t < triggers.Count; t++)
            {
                var trigger = triggers[t];
                switch (trigger.Kind)
                {
                    case TriggerKind.Timer when state.NextTimerAt[trigger.Index] is { } due && now >= due:
                        foreach (var (id, _) in state.ExtentsOf(window.Index))
                            FireExtent(state, key, window, trigger, id, FiringEvent.Timer, result);
                        state.NextTimerAt[trigger.Index] = state.ExtentsOf(window.Index).Count > 0
                            ? NextBoundary(now, trigger.PeriodMs)
                            : null;
                        break;
                    case TriggerKind.Watermark or TriggerKind.PercentileWatermark when watermark is { } wm:
                        if (DueAt(state, window, trigger, wm) is { } dueExtents)
                            foreach (var id in dueExtents)
                                FireExtent(state, key, window, trigger, id, trigger.Kind == TriggerKind.Watermark
                                    ? FiringEvent.Watermark : FiringEvent.PercentileWatermark, result);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// The extents a watermark or percentile-watermark trigger fires at watermark <paramref name="wm"/>, in id order,
    /// or null when none is due (the common case, checked without sorting or allocating).
    /// </summary>
    private static List<long>? DueAt(KeyState state, CompiledWindow window, CompiledTrigger trigger, double wm)
    {
        List<long>? due = null;
        foreach (var (extentKey, extent) in state.Extents)
        {
            if (extentKey.Window != window.Index || extent.HasFired(trigger)) continue;
            var point = trigger.Kind == TriggerKind.Watermark
                ? WatermarkPoint(window, extentKey.Id, extent)
                : PercentilePoint(window, trigger, extentKey.Id, extent);
            if (point is { } p && p <= wm) (due ??= []).Add(extentKey.Id);
        }
        due?.Sort();
        return due;
    }

    private static void FireExtent(KeyState state, GroupKey key, CompiledWindow window, CompiledTrigger trigger,
        long id, FiringEvent firingEvent, StepResult result)
    {
        var extentKey = new ExtentKey(window.Index, id);
        if (!state.Extents.TryGetValue(extentKey, out var extent)) return;
        var (lower, upper) = window.Bounds(id, extent);
        result.Firings.Add(new Firing
        {
            WindowId = window.Id,
            TriggerId = trigger.Id,
            GroupKey = key,
            ExtentId = id,
            LowerBound = lower,
            UpperBound = upper,
            Event = firingEvent,
            State = extent.Accumulator.Result(),
            Version = ++state.FiringVersion,
        });
        if (trigger.Discards)
        {
            state.Extents.Remove(extentKey);
            result.MarkRemoved(extentKey);
            return;
        }
        if (trigger.Kind is TriggerKind.Watermark or TriggerKind.PercentileWatermark)
        {
            extent.MarkFired(trigger);
            result.MarkChanged(extentKey);
        }
    }

    /// <summary>
    /// The watermark at which a watermark trigger fires the extent: its upper bound, or for a session its last
    /// event time plus the gap, since until then an in-order event can still extend it.
    /// </summary>
    private static double? WatermarkPoint(CompiledWindow window, long id, ExtentState extent) =>
        window.Sessions is { } sessions
            ? extent.Upper + sessions.TimeoutGap
            : window.Bounds(id, extent).Upper;

    private static double? PercentilePoint(CompiledWindow window, CompiledTrigger trigger, long id, ExtentState extent)
    {
        var (lower, upper) = window.Bounds(id, extent);
        if (lower is not { } lo || upper is not { } hi) return null;
        return lo + (trigger.Spec.Percentage ?? 1) * (hi - lo);
    }

    private static double NextBoundary(double now, double period) => (Math.Floor(now / period) + 1) * period;
}
