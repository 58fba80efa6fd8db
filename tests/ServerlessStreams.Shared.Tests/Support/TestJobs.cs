using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Support;

/// <summary>Jobs with one input task "in" feeding one function task "task", built directly as the model.</summary>
internal static class TestJobs
{
    public const string Task = "task";

    public static JobSpec Job(
        IEnumerable<WindowSpec> windows,
        IEnumerable<TriggerSpec> triggers,
        string[]? groupBy = null,
        string? uniquenessKey = null,
        TimeSettings? time = null,
        string? fn = null,
        string? groupByFn = null) => new()
    {
        Name = "test",
        Workflow = new[] { new WorkflowEdge("in", Task), new WorkflowEdge(Task, "out") },
        Catalog = new[]
        {
            new TaskSpec { Name = "in", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "in" },
            new TaskSpec
            {
                Name = Task,
                Type = TaskType.Function,
                Fn = fn,
                GroupByKey = groupBy is null ? (EquatableArray<string>?)null : new EquatableArray<string>(groupBy),
                GroupByFn = groupByFn,
                UniquenessKey = uniquenessKey,
            },
            new TaskSpec { Name = "out", Type = TaskType.Output, Medium = Medium.Kafka, Topic = "out" },
        },
        Windows = windows.ToArray(),
        Triggers = triggers.ToArray(),
        Time = time ?? TimeSettings.Default,
    };

    public static JobSpec Job(WindowSpec window, params TriggerSpec[] triggers) => Job([window], triggers);

    public static CompiledTask Compile(JobSpec job, JobRegistry? registry = null) =>
        CompiledTask.Compile(job, job.Task(Task), registry ?? new JobRegistry());

    public static WindowStateMachine Machine(JobSpec job, JobRegistry? registry = null) => new(Compile(job, registry));

    public static WindowSpec Fixed(double range, AggregationSpec? aggregation = null, string id = "w",
        WindowKeyKind kind = WindowKeyKind.Number, string key = "t", double min = 0) => new()
    {
        Id = id, Task = Task, Type = WindowType.Fixed, Aggregation = aggregation ?? AggregationSpec.Count,
        WindowKey = key, KeyKind = kind, Range = range, MinValue = min,
    };

    public static WindowSpec Sliding(double range, double slide, AggregationSpec? aggregation = null, string id = "w",
        WindowKeyKind kind = WindowKeyKind.Number, string key = "t", double min = 0) => new()
    {
        Id = id, Task = Task, Type = WindowType.Sliding, Aggregation = aggregation ?? AggregationSpec.Count,
        WindowKey = key, KeyKind = kind, Range = range, Slide = slide, MinValue = min,
    };

    public static WindowSpec Global(AggregationSpec? aggregation = null, string id = "w",
        WindowKeyKind kind = WindowKeyKind.Number, string? key = "t") => new()
    {
        Id = id, Task = Task, Type = WindowType.Global, Aggregation = aggregation ?? AggregationSpec.Count,
        WindowKey = key, KeyKind = kind,
    };

    public static WindowSpec Session(double gap, AggregationSpec? aggregation = null, string id = "w",
        WindowKeyKind kind = WindowKeyKind.Number, string key = "t") => new()
    {
        Id = id, Task = Task, Type = WindowType.Session, Aggregation = aggregation ?? AggregationSpec.Count,
        WindowKey = key, KeyKind = kind, TimeoutGap = gap,
    };

    /// <summary>A segment trigger that fires only when the job completes.</summary>
    public static TriggerSpec Never(string windowId = "w", string id = "never") => new()
    {
        Id = id, WindowId = windowId, On = TriggerKind.Segment, Threshold = long.MaxValue,
    };

    public static TriggerSpec OnSegments(long threshold, string windowId = "w", string id = "seg",
        bool fireAll = false, Refinement refinement = Refinement.Accumulating) => new()
    {
        Id = id, WindowId = windowId, On = TriggerKind.Segment, Threshold = threshold,
        FireAllExtents = fireAll, Refinement = refinement,
    };

    public static TriggerSpec OnTimer(TimeSpan period, string windowId = "w", string id = "timer",
        Refinement refinement = Refinement.Accumulating) => new()
    {
        Id = id, WindowId = windowId, On = TriggerKind.Timer, Period = period, Refinement = refinement,
    };

    public static TriggerSpec OnPunctuation(PredicateSpec pred, string windowId = "w", string id = "punct",
        bool fireAll = false) => new()
    {
        Id = id, WindowId = windowId, On = TriggerKind.Punctuation, Pred = pred, FireAllExtents = fireAll,
    };

    public static TriggerSpec OnWatermark(string windowId = "w", string id = "wm",
        Refinement refinement = Refinement.Accumulating) => new()
    {
        Id = id, WindowId = windowId, On = TriggerKind.Watermark, Refinement = refinement,
    };

    public static TriggerSpec OnPercentile(double percentage, string windowId = "w", string id = "pct",
        bool fireAll = false) => new()
    {
        Id = id, WindowId = windowId, On = TriggerKind.PercentileWatermark, Percentage = percentage,
        FireAllExtents = fireAll,
    };
}
