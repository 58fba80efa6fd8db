using System.Text.Json.Nodes;
using ServerlessStreams.Aggregations;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Windows;

namespace ServerlessStreams.Engine;

/// <summary>A function task ready to run: its function, group key, windows and triggers.</summary>
public sealed class CompiledTask
{
    public required TaskSpec Spec { get; init; }
    public required TimeSettings Time { get; init; }
    public required SegmentFunction Function { get; init; }
    public KeyFunction? KeyFunction { get; init; }
    public required IReadOnlyList<CompiledWindow> Windows { get; init; }
    public required int TriggerCount { get; init; }
    /// <summary>The field whose value is the task's event time (watermarks, lateness): the first time window's key.</summary>
    public string? EventTimeField { get; init; }
    /// <summary>The index of the window whose key is <see cref="EventTimeField"/>, so its value is read once.</summary>
    public int? EventTimeWindow { get; init; }

    public string Name => Spec.Name;

    public bool HasWindows => Windows.Count > 0;

    private CompiledTrigger[]? _triggers;

    /// <summary>Every trigger of every window, in window order.</summary>
    public IReadOnlyList<CompiledTrigger> Triggers => _triggers ??= [.. Windows.SelectMany(w => w.Triggers)];

    private bool? _hasWatermarkTriggers;

    /// <summary>Whether any trigger fires on the watermark (watermark or percentile watermark).</summary>
    public bool HasWatermarkTriggers =>
        _hasWatermarkTriggers ??= Triggers.Any(t => t.Kind is TriggerKind.Watermark or TriggerKind.PercentileWatermark);

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

    /// <summary>Specs built in C# skip the JSON validator, so the settings each trigger kind needs are checked here too.</summary>
    private static void CheckTrigger(TriggerSpec trigger)
    {
        var problem = trigger.On switch
        {
            TriggerKind.Segment when trigger.Threshold is not > 0 => "a segment trigger needs threshold >= 1",
            TriggerKind.Timer when trigger.Period is not { } period || period <= TimeSpan.Zero => "a timer trigger needs a period > 0",
            TriggerKind.Punctuation when trigger.Pred is null => "a punctuation trigger needs pred",
            TriggerKind.PercentileWatermark when trigger.Percentage is not (> 0 and <= 1) => "a percentileWatermark trigger needs 0 < percentage <= 1",
            _ => null,
        };
        if (problem is not null) throw new ArgumentException($"trigger '{trigger.Id}': {problem}");
    }

    public static CompiledTask Compile(JobSpec job, TaskSpec task, JobRegistry registry)
    {
        var windows = new List<CompiledWindow>();
        var triggerIndex = 0;
        foreach (var spec in job.WindowsOf(task.Name))
        {
            var triggers = new List<CompiledTrigger>();
            foreach (var trigger in job.TriggersOf(spec.Id))
            {
                CheckTrigger(trigger);
                triggers.Add(new CompiledTrigger
                {
                    Index = triggerIndex++,
                    Bit = triggers.Count,
                    Spec = trigger,
                    Punctuation = trigger.Pred is { } pred ? Predicates.Compile(pred, registry) : null,
                });
            }
            if (triggers.Count > 64) throw new ArgumentException($"window '{spec.Id}' has more than 64 triggers");
            var aggregation = Aggregation.For(spec.Aggregation, registry);
            if (spec.Type == WindowType.Session && !aggregation.CanMerge)
                throw new ArgumentException($"window '{spec.Id}': aggregation '{spec.Aggregation.Name}' cannot merge, so it cannot be used with session windows");
            windows.Add(new CompiledWindow
            {
                Index = windows.Count,
                Spec = spec,
                Assigner = spec.Type switch
                {
                    WindowType.Fixed => FixedWindows.Of(Required(spec, spec.Range, "range"), spec.MinValue),
                    WindowType.Sliding => SlidingWindows.Of(Required(spec, spec.Range, "range"), spec.Slide ?? spec.Range!.Value, spec.MinValue),
                    WindowType.Global => GlobalWindows.Instance,
                    _ => null,
                },
                Sessions = spec.Type == WindowType.Session ? SessionWindows.Of(Required(spec, spec.TimeoutGap, "timeoutGap")) : null,
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
