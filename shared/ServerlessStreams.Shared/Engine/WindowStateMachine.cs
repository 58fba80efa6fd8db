using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ServerlessStreams.Segments;
using ServerlessStreams.Windows;

namespace ServerlessStreams.Engine;

/// <summary>
/// The per-key window state machine of one task: (state, segments, now, watermark) → (state, firings,
/// late and rejected segments). Pure: time comes in as arguments and nothing here does I/O.
/// Processing time and watermarks are milliseconds; a null watermark means none is known yet.
/// </summary>
/// <remarks>
/// Lateness is decided per extent, as Flink and Kafka Streams decide it: a segment updates each extent it belongs to
/// whose end plus the allowed lateness is after the watermark, and is late only when it belongs to no such extent.
/// </remarks>
internal sealed partial class WindowStateMachine(CompiledTask task)
{
    private readonly double _allowedLatenessMs = task.Time.AllowedLateness.TotalMilliseconds;
    private readonly bool _hasTimeTriggers = task.Triggers.Any(t => t.RunsOnTime);

    public CompiledTask Task => task;

    public KeyState NewState() => new(task.TriggerCount);

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
        // Extents whose end is at or behind this are closed: the watermark less the allowed lateness.
        var closedUpTo = watermark - _allowedLatenessMs;
        try
        {
            for (var i = 0; i < segments.Count; i++)
            {
                var segment = segments[i];
                if (Check(segment, values, out var problem) is { } keyProblem)
                {
                    result.Rejected.Add(new RejectedSegment(segment, keyProblem));
                    continue;
                }
                if (task.CanBeLate && closedUpTo is { } closed && !BelongsToAnOpenExtent(state, values, closed))
                {
                    result.Late.Add(segment);
                    continue;
                }
                if (problem is not null)
                {
                    result.Rejected.Add(new RejectedSegment(segment, problem));
                    continue;
                }
                ApplyOne(state, key, segment.Payload, values, now, closedUpTo, single, ref touched, result);
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

    /// <summary>Fires timer, watermark and percentile-watermark triggers that are due, then prunes closed extents.</summary>
    public StepResult Tick(KeyState state, GroupKey key, double now, double? watermark)
    {
        var result = new StepResult();
        EvaluateTime(state, key, now, watermark, result);
        Prune(state, watermark, result);
        return result;
    }

    /// <summary>The job is complete: every trigger fires once more for every live extent.</summary>
    public StepResult Complete(KeyState state, GroupKey key)
    {
        var result = new StepResult();
        foreach (var window in task.Windows)
        {
            var context = new TriggerContext(state, key, window, 0, result);
            foreach (var trigger in window.Triggers) context.FireAll(trigger, FiringEvent.Completed);
        }
        return result;
    }

    /// <summary>Why the segment cannot enter the task's windows (the reason a dead letter carries), or null when it can.</summary>
    public string? Validate(Segment segment) => Validate(segment, new double[task.Windows.Count]);

    /// <summary>
    /// Why the segment's window keys cannot be read, or null: what <see cref="Apply(KeyState, GroupKey, IReadOnlyList{Segment}, double, double?)"/>
    /// rejects a segment for whatever the state holds, so it can be decided before the segment reaches its entity.
    /// </summary>
    public string? WindowKeyProblem(Segment segment)
    {
        Span<double> values = task.Windows.Count <= MaxStackWindows ? stackalloc double[MaxStackWindows] : new double[task.Windows.Count];
        return Check(segment, values, out _);
    }

    /// <summary><see cref="Validate(Segment)"/>, filling each window's key value as the engine reads it.</summary>
    public string? Validate(Segment segment, Span<double> values) => Check(segment, values, out var problem) ?? problem;

    /// <summary>
    /// Why the segment's window keys cannot be read, or null; fills each window's key value. A problem with what the
    /// aggregations read comes out apart: a late segment goes to the late sink whatever its other fields hold.
    /// </summary>
    private string? Check(Segment segment, Span<double> values, out string? aggregationProblem)
    {
        aggregationProblem = null;
        for (var i = 0; i < task.Windows.Count; i++)
        {
            var window = task.Windows[i];
            string? error = null;
            // Each key is read once per segment: the event time its stage read, or the value of an earlier window.
            var value = window.SameKeyAs is { } earlier ? values[earlier]
                : i == task.EventTimeWindow && segment.EventTime is { } eventTime ? eventTime
                : WindowValues.Read(segment.Payload, window.Spec, segment.Timestamp, out error);
            if (value is not { } v) return error;
            if (window.Assigner is SlidingWindows sliding && v < sliding.Min)
                return $"window key '{window.Spec.WindowKey}' is below window '{window.Id}' minValue";
            values[i] = v;
            if (aggregationProblem is null && window.Aggregation.ChecksSegments) aggregationProblem = window.Aggregation.Check(segment.Payload);
        }
        return null;
    }

    private void ApplyOne(KeyState state, GroupKey key, JsonObject payload, ReadOnlySpan<double> values, double now,
        double? closedUpTo, Span<long> single, ref List<long>? scratch, StepResult result)
    {
        var arrival = state.NextArrival++;
        result.Applied++;
        var windows = task.Windows;
        for (var w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            var value = values[w];
            var touched = Place(state, window, value, window.EndsInEventTime ? closedUpTo : null, single, ref scratch, result);
            if (touched.IsEmpty) continue;
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
            var context = new TriggerContext(state, key, window, now, result);
            var triggers = window.Triggers;
            for (var t = 0; t < triggers.Count; t++) triggers[t].OnSegment(context, payload, value, touched);
        }
    }

    private void EvaluateTime(KeyState state, GroupKey key, double now, double? watermark, StepResult result)
    {
        var windows = task.Windows;
        for (var w = 0; w < windows.Count; w++)
        {
            var context = new TriggerContext(state, key, windows[w], now, result);
            var triggers = windows[w].Triggers;
            for (var t = 0; t < triggers.Count; t++)
                if (triggers[t].RunsOnTime) triggers[t].OnTime(context, now, watermark);
        }
    }

    /// <summary>
    /// The ids of the open extents the value lands in (creating or merging sessions as needed); extents that end at
    /// or before <paramref name="closedUpTo"/> are closed and left alone. Empty when the value lands in none.
    /// </summary>
    private static ReadOnlySpan<long> Place(KeyState state, CompiledWindow window, double value, double? closedUpTo,
        Span<long> single, ref List<long>? scratch, StepResult result)
    {
        if (window.Fixed is { } fixedWindows)
        {
            var id = fixedWindows.FixedExtent(value);
            if (closedUpTo is { } closed && fixedWindows.EndOf(id) <= closed) return [];
            single[0] = id;
            return single;
        }
        if (window.Assigner is GlobalWindows)
        {
            single[0] = GlobalWindows.ExtentId;
            return single;
        }
        if (window.Numbered is SlidingWindows sliding)
        {
            scratch ??= RentTouched();
            scratch.Clear();
            sliding.Assign(value, scratch);
            // Extents are in id order, which is end order: the closed ones come first.
            var open = 0;
            if (closedUpTo is { } closed)
                while (open < scratch.Count && sliding.EndOf(scratch[open]) <= closed) open++;
            return CollectionsMarshal.AsSpan(scratch)[open..];
        }
        return PlaceMerging(state, window, value, closedUpTo, single, result);
    }

    private static ReadOnlySpan<long> PlaceMerging(KeyState state, CompiledWindow window, double value, double? closedUpTo,
        Span<long> single, StepResult result)
    {
        var operation = window.Merging!.Place(SessionsOf(state, window, closedUpTo), value, state.NextSessionId);
        // The session the value would create has closed already: the value is late for this window.
        if (closedUpTo is { } closed && window.Merging.End(UpperOf(operation)) <= closed) return [];
        switch (operation)
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

    /// <summary>
    /// The key's sessions a value may join: closed ones are final, as in Flink, where a merging window's state is
    /// cleared at its end plus lateness, so a value within their gap starts a session of its own.
    /// </summary>
    private static List<SessionExtent> SessionsOf(KeyState state, CompiledWindow window, double? closedUpTo)
    {
        var sessions = new List<SessionExtent>();
        foreach (var (extentKey, extent) in state.Extents)
        {
            if (extentKey.Window != window.Index) continue;
            var session = new SessionExtent(extentKey.Id, extent.Lower!.Value, extent.Upper!.Value);
            if (closedUpTo is { } closed && window.Merging!.End(session.Upper) <= closed) continue;
            sessions.Add(session);
        }
        return sessions;
    }

    private static double UpperOf(ExtentOperation operation) => operation switch
    {
        ExtentOperation.Create create => create.Value,
        ExtentOperation.Alter alter => alter.Upper,
        ExtentOperation.Merge merge => merge.Upper,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown extent operation"),
    };
}
