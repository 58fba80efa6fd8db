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

    public string Name => Spec.Name;

    public bool HasWindows => Windows.Count > 0;

    public IEnumerable<CompiledTrigger> Triggers => Windows.SelectMany(w => w.Triggers);

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

    public static CompiledTask Compile(JobSpec job, TaskSpec task, JobRegistry registry)
    {
        var windows = new List<CompiledWindow>();
        var triggerIndex = 0;
        foreach (var spec in job.WindowsOf(task.Name))
        {
            var triggers = new List<CompiledTrigger>();
            foreach (var trigger in job.TriggersOf(spec.Id))
            {
                triggers.Add(new CompiledTrigger
                {
                    Index = triggerIndex++,
                    Bit = triggers.Count,
                    Spec = trigger,
                    Punctuation = trigger.Pred is { } pred ? Predicates.Compile(pred, registry) : null,
                });
            }
            if (triggers.Count > 64) throw new ArgumentException($"window '{spec.Id}' has more than 64 triggers");
            windows.Add(new CompiledWindow
            {
                Index = windows.Count,
                Spec = spec,
                Assigner = spec.Type switch
                {
                    WindowType.Fixed => FixedWindows.Of(spec.Range!.Value, spec.MinValue),
                    WindowType.Sliding => SlidingWindows.Of(spec.Range!.Value, spec.Slide ?? spec.Range!.Value, spec.MinValue),
                    WindowType.Global => GlobalWindows.Instance,
                    _ => null,
                },
                Sessions = spec.Type == WindowType.Session ? SessionWindows.Of(spec.TimeoutGap!.Value) : null,
                Aggregation = Aggregation.For(spec.Aggregation, registry),
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
            EventTimeField = windows.FirstOrDefault(w => w.Spec.KeyKind == WindowKeyKind.Time && w.Spec.WindowKey is not null)?.Spec.WindowKey,
        };
    }
}
