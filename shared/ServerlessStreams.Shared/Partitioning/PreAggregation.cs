using System.Text.Json.Nodes;
using ServerlessStreams.Aggregations;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Windows;

namespace ServerlessStreams.Partitioning;

/// <summary>
/// Which repartitioned tasks send their inputs across the hop pre-aggregated, and what of a segment crosses it then.
/// A pre-aggregated input keeps its position (origin offset and index) and, per result, only what the engine reads of
/// it: each window's key value and each aggregation's field, the <em>slim</em> payload. The keyed side rebuilds one
/// segment per result from it and applies them one by one, skipping positions at or below the high-water mark, so
/// firings, states and redelivery are what they are without pre-aggregation. That needs a task whose windows read
/// nothing else of a segment and never need the segment itself (<see cref="Refusal"/>).
/// </summary>
internal static class PreAggregation
{
    /// <summary>
    /// How many pre-aggregated inputs the keyed side applies at once. Where every window is global (one extent per key
    /// and window): as many as make <see cref="FiringsPerApply"/> firings of the task's most frequent segment trigger,
    /// since a key's firings stay pending in its meta row until the apply has delivered them, and a partial holds many
    /// inputs; this keeps an apply's firings as few as a batch of <see cref="FiringsPerApply"/> inputs sent alone could
    /// make. Windows with many extents per key: <see cref="FiringsPerApply"/>, as such a batch, since a commit that
    /// changes more extents than a transaction holds is split by applying fewer inputs again.
    /// </summary>
    public static int InputsPerApply(CompiledTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Windows.Any(w => w.Assigner is not GlobalWindows)) return FiringsPerApply;
        var threshold = task.Triggers.Where(t => t.Kind == TriggerKind.Segment).Select(t => t.Spec.Threshold ?? 1).DefaultIfEmpty(MaxThreshold).Min();
        return (int)(FiringsPerApply * Math.Min(threshold, MaxThreshold));
    }

    public const int FiringsPerApply = 500;

    /// <summary>A larger threshold, or none, counts as this: an apply takes at most this many times <see cref="FiringsPerApply"/> inputs.</summary>
    private const long MaxThreshold = 100;

    /// <summary>Why the task's inputs must cross the hop whole, or null when they may be pre-aggregated.</summary>
    public static string? Refusal(CompiledTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Spec.UniquenessKey is not null) return "a uniqueness key decides duplicates by each segment's own id";
        if (!task.HasWindows) return "the task has no window";
        if (task.CanBeLate)
            return "every window ends in event time, so a segment can be late, and a late segment goes to the late sink whole";
        var extents = task.Windows.Sum(w => w.Numbered is SlidingWindows sliding ? Math.Ceiling(sliding.Range / sliding.Slide) : 1);
        if (extents > MaxExtentsPerSegment)
            return $"a segment lands in up to {extents} extents, more than one transaction holds, so a segment alone can be refused and go to the dead letters, which must carry it whole";
        foreach (var window in task.Windows)
        {
            if (!Reads(window.Spec.Aggregation.Kind))
                return $"window '{window.Id}' aggregates with {window.Spec.Aggregation.Kind}, whose state keeps or reads whole segments or grows with the data";
            foreach (var trigger in window.Triggers)
                if (trigger.Kind == TriggerKind.Punctuation)
                    return $"trigger '{trigger.Id}' is a punctuation, whose predicate reads whole segments";
        }
        return null;
    }

    /// <summary>Extent rows one segment may change: a transaction holds 100 actions, one of them the meta row.</summary>
    private const int MaxExtentsPerSegment = 90;

    /// <summary>
    /// The aggregations that read one field of a segment, or none, into a state of fixed size. A state that grows with
    /// the data (distinct count) can outgrow a Table row, and the segment that makes it do so goes to the dead letters,
    /// which must carry it whole.
    /// </summary>
    private static bool Reads(AggregationKind kind) => kind is AggregationKind.Count or AggregationKind.Sum or AggregationKind.Min
        or AggregationKind.Max or AggregationKind.Average;

    /// <summary>
    /// The slim payload of a result of a task <see cref="Refusal"/> allows, or null when the result must cross whole:
    /// when the engine would reject it (the dead letter carries it whole) or would read anything differently from the
    /// slim payload than from the result (checked by reading both).
    /// </summary>
    public static JsonObject? Slim(WindowStateMachine machine, Segment result)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(result);
        var task = machine.Task;
        Span<double> values = stackalloc double[task.Windows.Count];
        if (machine.Validate(result, values) is not null) return null;
        var slim = new JsonObject();
        // Window keys as the numbers the engine read (a time from the record's timestamp included), then the
        // aggregations' fields as they are: an aggregation reads its field raw, also where it is a window's key.
        for (var w = 0; w < task.Windows.Count; w++)
            if (task.Windows[w].Spec.WindowKey is { } key) slim[key] = values[w];
        foreach (var window in task.Windows)
        {
            if (window.Aggregation is not NumericAggregation { Field: var field }) continue;
            if (result.Payload.TryGetPropertyValue(field, out var node)) slim[field] = node?.DeepClone();
            else slim.Remove(field);
        }
        var rebuilt = Rebuild(task, result.Id, slim, result.Source);
        Span<double> again = stackalloc double[task.Windows.Count];
        // The event time matters to the engine where a window reads it; progress takes the largest a partial carries.
        if ((task.EventTimeField is not null && rebuilt.EventTime != result.EventTime) || machine.Validate(rebuilt, again) is not null || !values.SequenceEqual(again)) return null;
        return slim;
    }

    /// <summary>The segment the keyed side applies for a slim payload: no record key or timestamp, its event time read from it.</summary>
    public static Segment Rebuild(CompiledTask task, SegmentId id, JsonObject slim, SourceCoordinates source)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new Segment { Id = id, Payload = slim, Source = source, EventTime = task.EventTimeOf(slim, null) };
    }
}
