using System.Text.Json.Nodes;
using ServerlessStreams.Aggregations;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Windows;

namespace ServerlessStreams.Engine;

/// <summary>A function task ready to run: its function, group key, windows and triggers.</summary>
internal sealed class CompiledTask
{
    public required TaskSpec Spec { get; init; }
    public required TimeSettings Time { get; init; }
    public required SegmentFunction Function { get; init; }
    public KeyFunction? KeyFunction { get; init; }
    public required IReadOnlyList<CompiledWindow> Windows { get; init; }
    public required int TriggerCount { get; init; }
    /// <summary>The field whose value is the task's event time (watermarks, lateness): the first time window's key.</summary>
    public string? EventTimeField { get; init; }
    /// <summary>The index of the window whose key is <see cref="EventTimeField"/>: its value is a segment's event time.</summary>
    public int? EventTimeWindow { get; init; }

    public string Name => Spec.Name;

    public bool HasWindows => Windows.Count > 0;

    private CompiledTrigger[]? _triggers;

    /// <summary>Every trigger of every window, in window order.</summary>
    public IReadOnlyList<CompiledTrigger> Triggers => _triggers ??= [.. Windows.SelectMany(w => w.Triggers)];

    /// <summary>
    /// Whether a segment can be late: only when every window ends in event time. A window that never does (global,
    /// numeric key) takes every segment.
    /// </summary>
    public bool CanBeLate => _canBeLate ??= Windows.Count > 0 && Windows.All(w => w.EndsInEventTime);

    private bool? _canBeLate;

    private bool? _hasWatermarkTriggers;

    /// <summary>Whether any trigger waits for the watermark.</summary>
    public bool HasWatermarkTriggers => _hasWatermarkTriggers ??= Triggers.Any(t => t.WaitsForWatermark);

    public GroupKey KeyOf(JsonObject segment)
    {
        if (KeyFunction is not null) return GroupKey.From(KeyFunction(segment));
        var fields = Spec.GroupByKey;
        if (fields is not { Count: > 0 } f) return GroupKey.None;
        if (f.Count == 1) return GroupKey.From(segment[f[0]]);
        var parts = new JsonArray();
        foreach (var field in f) parts.Add(segment[field]?.DeepClone());
        return GroupKey.From(parts);
    }

    private static bool IsEventTimeWindow(CompiledWindow window) =>
        window.Spec.KeyKind == WindowKeyKind.Time && window.Spec.WindowKey is not null;

    private static double Required(WindowSpec window, double? value, string field) =>
        value ?? throw new ArgumentException($"window '{window.Id}': a {window.Type.ToString().ToLowerInvariant()} window needs {field}");

    /// <summary>
    /// The event time of a segment with this payload for watermarks: the task's event-time field, else the record's
    /// timestamp; null when it has none. A field that is present but unreadable gives none: the segment is rejected,
    /// and must not move watermarks.
    /// </summary>
    public double? EventTimeOf(JsonObject payload, long? recordTimestamp)
    {
        if (EventTimeField is { } field && payload.TryGetPropertyValue(field, out var node) && node is not null)
            return WindowValues.ReadValue(node, WindowKeyKind.Time, field, out _);
        return recordTimestamp;
    }

    public static CompiledTask Compile(JobSpec job, TaskSpec task, JobRegistry registry)
    {
        var windows = new List<CompiledWindow>();
        var triggerIndex = 0;
        foreach (var spec in job.WindowsOf(task.Name))
        {
            var triggers = new List<CompiledTrigger>();
            foreach (var trigger in job.TriggersOf(spec.Id))
                triggers.Add(CompiledTrigger.Compile(trigger, triggerIndex++, triggers.Count, registry));
            if (triggers.Count > 64) throw new ArgumentException($"window '{spec.Id}' has more than 64 triggers");
            var aggregation = Aggregation.For(spec.Aggregation, registry);
            if (spec.Type == WindowType.Session && !aggregation.CanMerge)
                throw new ArgumentException($"window '{spec.Id}': aggregation '{spec.Aggregation.Name}' cannot merge, so it cannot be used with session windows");
            windows.Add(new CompiledWindow
            {
                Index = windows.Count,
                Spec = spec,
                SameKeyAs = spec.WindowKey is null
                    ? null
                    : windows.FirstOrDefault(w => w.Spec.WindowKey == spec.WindowKey && w.Spec.KeyKind == spec.KeyKind)?.Index,
                Assigner = spec.Type switch
                {
                    WindowType.Fixed => FixedWindows.Of(Required(spec, spec.Range, "range"), spec.MinValue),
                    WindowType.Sliding => SlidingWindows.Of(Required(spec, spec.Range, "range"), spec.Slide ?? spec.Range!.Value, spec.MinValue),
                    WindowType.Global => GlobalWindows.Instance,
                    _ => SessionWindows.Of(Required(spec, spec.TimeoutGap, "timeoutGap")),
                },
                Aggregation = aggregation,
                Triggers = triggers,
            });
        }

        return new CompiledTask
        {
            Spec = task,
            Time = job.Time,
            Function = registry.Functions.TryGetValue(task.Fn ?? JobRegistry.IdentityFunction, out var fn)
                ? fn
                : throw new ArgumentException($"function '{task.Fn}' is not registered"),
            KeyFunction = task.GroupByFn is { } keyFn
                ? registry.KeyFunctions.TryGetValue(keyFn, out var kf) ? kf : throw new ArgumentException($"key function '{keyFn}' is not registered")
                : null,
            Windows = windows,
            TriggerCount = triggerIndex,
            EventTimeField = windows.FirstOrDefault(IsEventTimeWindow)?.Spec.WindowKey,
            EventTimeWindow = windows.FirstOrDefault(IsEventTimeWindow)?.Index,
        };
    }
}
