using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Bench.Engine;

/// <summary>
/// The engine side: as the runtime does, each batch of segments is grouped by key, and each key's part goes
/// through <see cref="WindowStateMachine.Apply"/> against that key's state.
/// </summary>
internal sealed class EngineCount(EngineWorkload workload, int batchSize)
{
    private readonly WindowStateMachine _machine = new(CompiledTask.Compile(workload.Job(), workload.Job().Task("count"), new JobRegistry()));

    public CountTotals Run()
    {
        var segments = workload.Segments;
        var task = _machine.Task;
        var states = new Dictionary<GroupKey, KeyState>();
        var groups = new Dictionary<GroupKey, List<Segment>>();
        var spare = new Stack<List<Segment>>();
        long firings = 0, firedSum = 0, applied = 0;
        for (var start = 0; start < segments.Length; start += batchSize)
        {
            var end = Math.Min(start + batchSize, segments.Length);
            for (var i = start; i < end; i++)
            {
                var key = task.KeyOf(segments[i].Payload);
                if (!groups.TryGetValue(key, out var group))
                {
                    group = spare.Count > 0 ? spare.Pop() : new List<Segment>();
                    groups.Add(key, group);
                }
                group.Add(segments[i]);
            }
            foreach (var (key, group) in groups)
            {
                if (!states.TryGetValue(key, out var state))
                {
                    state = _machine.NewState();
                    states.Add(key, state);
                }
                var result = _machine.Apply(state, key, group, now: 0, workload.Watermark);
                applied += result.Applied;
                foreach (var firing in result.Firings)
                {
                    firings++;
                    firedSum += firing.State!.GetValue<long>();
                }
                group.Clear();
                spare.Push(group);
            }
            groups.Clear();
        }
        long extents = 0;
        foreach (var state in states.Values) extents += state.Extents.Count;
        return new CountTotals(applied, extents, firings, firedSum);
    }
}
