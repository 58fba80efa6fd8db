using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Stages;

/// <summary>
/// Runs one function task on a segment: group key, uniqueness id, the task's C# function, flow conditions.
/// Pure; both the simulator and the durable stage use it, so they agree on ids and routing.
/// </summary>
internal sealed class FunctionStage
{
    private static readonly RoutedSegment[] NoneEmitted = [];

    private readonly List<(string To, SegmentPredicate? Condition)> _routes = [];

    public FunctionStage(JobSpec job, TaskSpec task, JobRegistry registry)
    {
        Compiled = CompiledTask.Compile(job, task, registry);
        Machine = new WindowStateMachine(Compiled);
        foreach (var to in job.Downstream(task.Name))
        {
            var conditions = job.FlowConditions.Where(c => c.From == task.Name && c.To.Contains(to)).ToList();
            SegmentPredicate? condition = null;
            if (conditions.Count > 0)
            {
                var predicates = conditions.Select(c => Predicates.Compile(c.Pred, registry)).ToList();
                condition = segment => predicates.All(p => p(segment));
            }
            _routes.Add((to, condition));
        }
    }

    public CompiledTask Compiled { get; }

    public WindowStateMachine Machine { get; }

    public string Name => Compiled.Name;

    /// <summary>Runs the task; a segment that cannot be processed throws <see cref="SegmentRejectedException"/>.</summary>
    public StageOutput Process(Segment input)
    {
        var key = Compiled.KeyOf(input.Payload);
        var dedupeId = input.Id;
        if (Compiled.Spec.UniquenessKey is { } uniqueness)
        {
            if (input.Payload[uniqueness] is not { } value)
                throw new SegmentRejectedException($"uniqueness key '{uniqueness}' missing");
            dedupeId = new SegmentId(value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString());
        }

        IReadOnlyList<JsonObject> results;
        try
        {
            // A function's list is taken as it is; anything else is run to the end here, where a throw is caught.
            var returned = Compiled.Function(input.Payload);
            results = returned as IReadOnlyList<JsonObject> ?? [.. returned];
        }
        catch (Exception e)
        {
            throw new SegmentRejectedException($"function '{Compiled.Spec.Fn ?? JobRegistry.IdentityFunction}' threw {e.GetType().Name}: {e.Message}");
        }

        var segments = new Segment[results.Count];
        List<RoutedSegment>? emitted = null;
        for (var i = 0; i < results.Count; i++)
        {
            // The event time is read here, once per segment, for the watermarks and the windows that use it.
            var segment = input with
            {
                Id = input.Id.Child(i),
                Payload = results[i],
                EventTime = Compiled.HasWindows ? Compiled.EventTimeOf(results[i], input.Timestamp) : null,
            };
            segments[i] = segment;
            foreach (var (to, condition) in _routes)
            {
                if (condition is null || condition(results[i])) (emitted ??= []).Add(new RoutedSegment(to, segment));
            }
        }
        return new StageOutput(key, dedupeId, segments, (IReadOnlyList<RoutedSegment>?)emitted ?? NoneEmitted);
    }
}
