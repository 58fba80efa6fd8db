using ServerlessStreams.Segments;

namespace ServerlessStreams.Engine;

/// <summary>What a trigger acts on: one key's state in one window, and the step's result that collects firings.</summary>
internal readonly struct TriggerContext(KeyState state, GroupKey key, CompiledWindow window, double now, StepResult result)
{
    public KeyState State => state;
    public CompiledWindow Window => window;
    /// <summary>Processing time of the step, in milliseconds.</summary>
    public double Now => now;

    /// <summary>Fires every live extent of the window, in id order, as the trigger's kind.</summary>
    public void FireAll(CompiledTrigger trigger) => FireAll(trigger, trigger.Kind);

    /// <summary>Fires every live extent of the window, in id order, for <paramref name="firingEvent"/> (the job's completion).</summary>
    public void FireAll(CompiledTrigger trigger, FiringEvent firingEvent)
    {
        foreach (var (id, _) in state.ExtentsOf(window.Index)) Fire(trigger, id, firingEvent);
    }

    /// <summary>Fires the extents the segment landed in, or every live extent with <c>fireAllExtents</c>.</summary>
    public void FireLanded(CompiledTrigger trigger, ReadOnlySpan<long> touched)
    {
        if (trigger.Spec.FireAllExtents)
        {
            FireAll(trigger);
            return;
        }
        foreach (var id in touched) Fire(trigger, id);
    }

    /// <summary>
    /// Fires one extent: its state goes out as a firing; a discarding trigger then removes the extent, and a trigger
    /// that fires once per extent marks it until its next segment. The firing's event is the trigger's kind.
    /// </summary>
    public void Fire(CompiledTrigger trigger, long id) => Fire(trigger, id, trigger.Kind);

    private void Fire(CompiledTrigger trigger, long id, FiringEvent firingEvent)
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
        if (trigger.FiresOncePerExtent)
        {
            extent.MarkFired(trigger);
            result.MarkChanged(extentKey);
        }
    }

    /// <summary>
    /// The extents of the window that a once-per-extent trigger has not fired and whose due point (by
    /// <paramref name="trigger"/>'s <see cref="CompiledTrigger.NextWatermarkDue"/>) is at or behind
    /// <paramref name="watermark"/>, in id order; null when none is (the common case, found without allocating).
    /// </summary>
    public List<long>? DueAt(CompiledTrigger trigger, double watermark)
    {
        List<long>? due = null;
        foreach (var (extentKey, extent) in state.Extents)
        {
            if (extentKey.Window != window.Index) continue;
            if (trigger.NextWatermarkDue(window, extentKey.Id, extent) is { } point && point <= watermark) (due ??= []).Add(extentKey.Id);
        }
        due?.Sort();
        return due;
    }
}
