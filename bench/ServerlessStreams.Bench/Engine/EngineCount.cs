using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Bench.Engine;

/// <summary>
/// The engine side: as the runtime does, each batch of segments is grouped by key, and each key's part goes
/// through <see cref="WindowStateMachine.Apply"/> against that key's state. Grouping sorts the batch by key
/// number (keeping each key's segments in arrival order) instead of building a list per key.
/// </summary>
internal sealed class EngineCount(EngineWorkload workload, int batchSize)
{
    private readonly WindowStateMachine _machine = new(CompiledTask.Compile(workload.Job(), workload.Job().Task("count"), new JobRegistry()));

    public CountTotals Run()
    {
        var segments = workload.Segments;
        var task = _machine.Task;
        var known = new Dictionary<GroupKey, (int Number, KeyState State)>();
        // Key number in the high half, position in the batch in the low half: sorting groups by key, stably.
        var order = new long[batchSize];
        var grouped = new Segment[batchSize];
        var keyAt = new (GroupKey Key, KeyState State)[batchSize];
        var run = new SegmentRun(grouped);
        long firings = 0, firedSum = 0, applied = 0;
        for (var start = 0; start < segments.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, segments.Length - start);
            for (var i = 0; i < count; i++)
            {
                var key = task.KeyOf(segments[start + i].Payload);
                if (!known.TryGetValue(key, out var entry))
                {
                    entry = (known.Count, _machine.NewState());
                    known.Add(key, entry);
                }
                keyAt[i] = (key, entry.State);
                order[i] = ((long)entry.Number << 32) | (uint)i;
            }
            Array.Sort(order, 0, count);
            for (var i = 0; i < count; i++) grouped[i] = segments[start + (int)(uint)order[i]];

            for (var from = 0; from < count;)
            {
                var number = (int)(order[from] >> 32);
                var to = from + 1;
                while (to < count && (int)(order[to] >> 32) == number) to++;
                var (key, state) = keyAt[(int)(uint)order[from]];
                var result = _machine.Apply(state, key, run.Of(from, to - from), now: 0, workload.Watermark);
                applied += result.Applied;
                foreach (var firing in result.Firings)
                {
                    firings++;
                    firedSum += firing.State!.GetValue<long>();
                }
                from = to;
            }
        }
        long extents = 0;
        foreach (var (_, state) in known.Values) extents += state.Extents.Count;
        return new CountTotals(applied, extents, firings, firedSum);
    }
}
