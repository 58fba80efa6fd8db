namespace ServerlessStreams.Engine;

internal sealed partial class WindowStateMachine
{
    /// <summary>The earliest processing time at which a timer trigger of the key is due, or null.</summary>
    public double? NextTimerDue(KeyState state)
    {
        double? next = null;
        foreach (var trigger in task.Triggers)
            if (trigger.NextTimerDue(state) is { } due && (next is null || due < next)) next = due;
        return next;
    }

    /// <summary>
    /// The smallest watermark at which the key has work: a trigger that waits for the watermark, or an extent to
    /// prune. Null when there is none.
    /// </summary>
    public double? NextWatermarkDue(KeyState state)
    {
        if (!task.HasWatermarkTriggers) return null;
        double? next = null;
        foreach (var (key, extent) in state.Extents)
        {
            var window = task.Windows[key.Window];
            for (var i = 0; i < window.Triggers.Count; i++)
            {
                var trigger = window.Triggers[i];
                if (trigger.WaitsForWatermark && trigger.NextWatermarkDue(window, key.Id, extent) is { } due && (next is null || due < next)) next = due;
            }
            if (PruneAt(window, key.Id, extent) is { } prune && (next is null || prune < next)) next = prune;
        }
        return next;
    }
}
