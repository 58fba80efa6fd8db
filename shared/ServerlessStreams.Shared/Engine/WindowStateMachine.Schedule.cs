using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

public sealed partial class WindowStateMachine
{
    /// <summary>The earliest processing time at which a timer trigger of the key is due, or null.</summary>
    public static double? NextTimerDue(KeyState state)
    {
        double? next = null;
        foreach (var due in state.NextTimerAt)
            if (due is { } d && (next is null || d < next)) next = d;
        return next;
    }

    /// <summary>The smallest watermark at which a watermark or percentile-watermark trigger of the key becomes due, or null.</summary>
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
                if (extent.HasFired(trigger)) continue;
                var due = trigger.Kind switch
                {
                    TriggerKind.Watermark => WatermarkPoint(window, key.Id, extent),
                    TriggerKind.PercentileWatermark => PercentilePoint(window, trigger, key.Id, extent),
                    _ => null,
                };
                if (due is { } d && (next is null || d < next)) next = d;
            }
        }
        return next;
    }
}
