using ServerlessStreams.Windows;

namespace ServerlessStreams.Engine;

internal sealed partial class WindowStateMachine
{
    /// <summary>
    /// Whether some extent the segment belongs to still takes segments: one that ends after
    /// <paramref name="closedUpTo"/> (the watermark less the allowed lateness). Only called when every window ends
    /// in event time (fixed, sliding, sessions), so the extent of each window that ends last decides. A session value
    /// joins only open sessions (closed ones are final): it is late when it joins none and a session of its own would
    /// already have closed.
    /// </summary>
    private bool BelongsToAnOpenExtent(KeyState state, ReadOnlySpan<double> values, double closedUpTo)
    {
        for (var w = 0; w < task.Windows.Count; w++)
        {
            var window = task.Windows[w];
            var value = values[w];
            var end = window.Numbered is SlidingWindows sliding
                ? sliding.EndOf(sliding.LastExtent(value))
                : window.Merging!.End(value);
            if (end > closedUpTo) return true;
            // A value that would start a closed session is not late when it joins an open one, which then stays open.
            if (window.Merging is { } merging && merging.Place(SessionsOf(state, window, closedUpTo), value, state.NextSessionId) is not ExtentOperation.Create)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Removes the extents that can take no more segments (their end plus the allowed lateness is at or behind the
    /// watermark) once a trigger has delivered their result since their last segment: it is final, as Flink cleans up
    /// a window at its end plus allowed lateness. Extents no trigger has delivered stay for completion.
    /// </summary>
    public void Prune(KeyState state, double? watermark, StepResult result)
    {
        if (watermark is not { } wm || !task.HasWatermarkTriggers) return;
        List<ExtentKey>? closed = null;
        foreach (var (key, extent) in state.Extents)
            if (PruneAt(task.Windows[key.Window], key.Id, extent) is { } at && at <= wm) (closed ??= []).Add(key);
        if (closed is null) return;
        foreach (var key in closed)
        {
            state.Extents.Remove(key);
            result.MarkRemoved(key);
        }
    }

    /// <summary>The watermark at which the extent may be pruned: its end plus lateness, once its result is delivered.</summary>
    private double? PruneAt(CompiledWindow window, long id, ExtentState extent)
    {
        if (window.EndOf(id, extent) is not { } end) return null;
        foreach (var trigger in window.Triggers)
            if (trigger.HasDelivered(extent)) return end + _allowedLatenessMs;
        return null;
    }
}
