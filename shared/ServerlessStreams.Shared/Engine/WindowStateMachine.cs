using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Windows;

namespace ServerlessStreams.Engine;

/// <summary>
/// The per-key window state machine of one task: (state, segments, now, watermark) → (state, firings,
/// late and rejected segments). Pure: time comes in as arguments and nothing here does I/O.
/// Processing time and watermarks are milliseconds; a null watermark means none is known yet.
/// </summary>
public sealed partial class WindowStateMachine(CompiledTask task)
{
    private readonly double _allowedLatenessMs = task.Time.AllowedLateness.TotalMilliseconds;
    private readonly bool _hasTimeTriggers = task.Triggers.Any(t => t.Kind is TriggerKind.Timer or TriggerKind.Watermark or TriggerKind.PercentileWatermark);

    public CompiledTask Task => task;

    public KeyState NewState() => new(task.TriggerCount);

    /// <summary>The segment's event time for watermarks and lateness, or null when it has none.</summary>
    /// <remarks>A window key that is present but unreadable gives no time: the segment is rejected, and must not move watermarks.</remarks>
    public double? EventTimeOf(Segment segment)
    {
        if (task.EventTimeField is { } field && segment.Payload.TryGetPropertyValue(field, out var node) && node is not null)
            return WindowValues.ReadValue(node, WindowKeyKind.Time, field, out _);
        return segment.Timestamp;
    }

    public bool IsLate(Segment segment, double? watermark) =>
        watermark is { } wm && EventTimeOf(segment) is { } t && t < wm - _allowedLatenessMs;

    /// <summary>Applies segments of one key in order, then fires what time has made due.</summary>
    public StepResult Apply(KeyState state, GroupKey key, IReadOnlyList<Segment> segments, double now, double? watermark) =>
        Apply(state, key, segments, now, watermark, new StepResult());

    /// <summary>
    /// <see cref="Apply(KeyState, GroupKey, IReadOnlyList{Segment}, double, double?)"/> into <paramref name="result"/>,
    /// which is cleared first: a caller that consumes each step before the next saves an allocation per key.
    /// </summary>
    public StepResult Apply(KeyState state, GroupKey key, IReadOnlyList<Segment> segments, double now, double? watermark, StepResult result)
    {
        result.Clear();
        var windowCount = task.Windows.Count;
        Span<double> values = windowCount <= MaxStackWindows ? stackalloc double[MaxStackWindows] : new double[windowCount];
        Span<long> single = stackalloc long[1];
        List<long>? touched = null;
        try
        {
            for (var i = 0; i < segments.Count; i++)
            {
                var segment = segments[i];
                var reason = Check(segment, values);
                if (watermark is { } wm && IsLate(segment, reason is null ? values : default, wm))
                {
                    result.Late.Add(segment);
                    continue;
                }
                if (reason is not null)
                {
                    result.Rejected.Add(new RejectedSegment(segment, reason));
                    continue;
                }
                ApplyOne(state, key, segment.Payload, values, now, single, ref touched, result);
            }
            if (_hasTimeTriggers) EvaluateTime(state, key, now, watermark, result);
        }
        finally
        {
            if (touched is not null) ReturnTouched(touched);
        }
        return result;
    }

    /// <summary>Window values of a task with more windows than this live on the heap rather than the stack.</summary>
    private const int MaxStackWindows = 8;

    /// <summary>Whether the segment is behind the watermark; reuses the window values already read when it can.</summary>
    private bool IsLate(Segment segment, ReadOnlySpan<double> values, double watermark)
    {
        var eventTime = task.EventTimeWindow is { } index && !values.IsEmpty ? values[index] : EventTimeOf(segment);
        return eventTime is { } t && t < watermark - _allowedLatenessMs;
    }

    // The list of sliding extents a value lands in is scratch space: one per thread, taken while a step runs so a
    // nested step (a user function calling back into the engine) gets its own. Other windows place a value in one extent.
    [ThreadStatic] private static List<long>? t_touched;

    private static List<long> RentTouched()
    {
        var touched = t_touched ?? new List<long>(4);
        t_touched = null;
        return touched;
    }

    private static void ReturnTouched(List<long> touched)
    {
        touched.Clear();
        t_touched = touched;
    }

    /// <summary>Fires timer, watermark and percentile-watermark triggers that are due; no segment needed.</summary>
    public StepResult Tick(KeyState state, GroupKey key, double now, double? watermark)
    {
        var result = new StepResult();
        EvaluateTime(state, key, now, watermark, result);
        return result;
    }

    /// <summary>The job is complete: every trigger fires once more for every live extent.</summary>
    public StepResult Complete(KeyState state, GroupKey key)
    {
        var result = new StepResult();
        foreach (var window in task.Windows)
            foreach (var trigger in window.Triggers)
                foreach (var (id, _) in state.ExtentsOf(window.Index))
                    FireExtent(state, key, window, trigger, id, FiringEvent.Completed, result);
        return result;
    }

    /// <summary>Why the segment cannot enter the task's windows (the reason a dead letter carries), or null when it can.</summary>
    public string? Validate(Segment segment) => Check(segment, new double[task.Windows.Count]);

    /// <summary>Why the segment cannot enter the windows, or null; fills each window's key value.</summary>
    private string? Check(Segment segment, Span<double> values)
    {
        for (var i = 0; i < task.Windows.Count; i++)
        {
            var window = task.Windows[i];
            if (WindowValues.Read(segment.Payload, window.Spec, segment.Timestamp, out var error) is not { } value) return error;
            if (window.Assigner is SlidingWindows sliding && value < sliding.Min)
                return $"window key '{window.Spec.WindowKey}' is below window '{window.Id}' minValue";
            if (window.Aggregation.ChecksSegments && window.Aggregation.Check(segment.Payload) is { } problem) return problem;
            values[i] = value;
        }
        return null;
    }

    private void ApplyOne(KeyState state, GroupKey key, JsonObject payload, ReadOnlySpan<double> values, double now,
        Span<long> single, ref List<long>? scratch, StepResult result)
    {
        var arrival = state.NextArrival++;
        result.Applied++;
        var windows = task.Windows;
        for (var w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            var value = values[w];
            var touched = Place(state, window, value, single, ref scratch, result);
            foreach (var id in touched)
            {
                var extentKey = new ExtentKey(window.Index, id);
                if (!state.Extents.TryGetValue(extentKey, out var extent))
                {
                    extent = new ExtentState(window.Aggregation.Create());
                    state.Extents.Add(extentKey, extent);
                }
                extent.Accumulator.Add(payload, arrival);
                extent.FiredMask = 0;
                result.MarkChanged(extentKey);
            }
            var triggers = window.Triggers;
            for (var t = 0; t < triggers.Count; t++)
                OnSegment(state, key, window, triggers[t], payload, value, now, touched, result);
        }
    }

    /// <summary>The ids of the extents the value lands in (creating or merging sessions as needed).</summary>
    private static ReadOnlySpan<long> Place(KeyState state, CompiledWindow window, double value, Span<long> single,
        ref List<long>? scratch, StepResult result)
    {
        switch (window.Assigner)
        {
            case SlidingWindows { IsFixed: true } fixedWindows:
                single[0] = fixedWindows.FixedExtent(value);
                return single;
            case GlobalWindows:
                single[0] = GlobalWindows.ExtentId;
                return single;
            case { } assigner:
                scratch ??= RentTouched();
                scratch.Clear();
                assigner.Assign(value, scratch);
                return CollectionsMarshal.AsSpan(scratch);
        }

        var sessions = new List<SessionExtent>();
        foreach (var (extentKey, extent) in state.Extents)
            if (extentKey.Window == window.Index) sessions.Add(new SessionExtent(extentKey.Id, extent.Lower!.Value, extent.Upper!.Value));
        switch (window.Sessions!.Place(sessions, value, state.NextSessionId))
        {
            case ExtentOperation.Create create:
                state.NextSessionId++;
                state.Extents.Add(new ExtentKey(window.Index, create.ExtentId),
                    new ExtentState(window.Aggregation.Create()) { Lower = value, Upper = value });
                single[0] = create.ExtentId;
                break;
            case ExtentOperation.Alter alter:
                var altered = state.Extents[new ExtentKey(window.Index, alter.ExtentId)];
                altered.Lower = alter.Lower;
                altered.Upper = alter.Upper;
                single[0] = alter.ExtentId;
                break;
            case ExtentOperation.Merge merge:
                var target = state.Extents[new ExtentKey(window.Index, merge.Target)];
                foreach (var source in merge.Sources)
                {
                    var sourceKey = new ExtentKey(window.Index, source);
                    target.Accumulator.MergeFrom(state.Extents[sourceKey].Accumulator);
                    state.Extents.Remove(sourceKey);
                    result.MarkRemoved(sourceKey);
                }
                target.Lower = merge.Lower;
                target.Upper = merge.Upper;
                single[0] = merge.Target;
                break;
        }
        return single;
    }
}
