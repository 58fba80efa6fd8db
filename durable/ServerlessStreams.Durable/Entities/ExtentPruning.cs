using ServerlessStreams.Engine;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// Extents whose end plus the allowed lateness is behind the watermark can receive no more segments (they would be
/// late). Once their watermark trigger has fired, their result is final and the row is removed, as Flink cleans up
/// a window at its end plus allowed lateness. Windows without a watermark trigger keep their extents: nothing has
/// delivered their final state.
/// </summary>
internal static class ExtentPruning
{
    public static void Prune(CompiledTask task, KeyState state, double? watermark, StepResult result)
    {
        if (watermark is not { } wm) return;
        var lateness = task.Time.AllowedLateness.TotalMilliseconds;
        foreach (var (key, extent) in state.Extents.ToList())
        {
            if (PruneAt(task.Windows[key.Window], key.Id, extent, lateness) is { } at && at <= wm)
            {
                state.Extents.Remove(key);
                result.MarkRemoved(key);
            }
        }
    }

    /// <summary>The smallest watermark at which some extent of the key can be pruned, or null.</summary>
    public static double? NextPruneDue(CompiledTask task, KeyState state)
    {
        if (!task.HasWatermarkTriggers) return null;
        var lateness = task.Time.AllowedLateness.TotalMilliseconds;
        double? next = null;
        foreach (var (key, extent) in state.Extents)
            if (PruneAt(task.Windows[key.Window], key.Id, extent, lateness) is { } at && (next is null || at < next)) next = at;
        return next;
    }

    /// <summary>When the extent may go: past its end plus lateness, with its watermark trigger fired.</summary>
    private static double? PruneAt(CompiledWindow window, long id, ExtentState extent, double lateness)
    {
        CompiledTrigger? watermarkTrigger = null;
        for (var i = 0; i < window.Triggers.Count && watermarkTrigger is null; i++)
            if (window.Triggers[i].Kind == TriggerKind.Watermark) watermarkTrigger = window.Triggers[i];
        if (watermarkTrigger is null || !extent.HasFired(watermarkTrigger)) return null;
        return window.Bounds(id, extent).Upper is { } upper ? upper + lateness + 1 : null;
    }
}
