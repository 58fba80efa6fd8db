using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Bench.Engine;

/// <summary>
/// The engine side: as the runtime does, each batch of segments is grouped by key, and each key's part goes
/// through <see cref="WindowStateMachine.Apply(KeyState, GroupKey, IReadOnlyList{Segment}, double, double?, StepResult)"/>
/// against that key's state, with a watermark as the runtime always passes one. Grouping chains each key's segments in
/// arrival order (no list per key, no sort) and copies every chain into one buffer the key's step reads; each step's
/// result is read before the next, so one result object is reused.
/// </summary>
internal sealed class EngineCount(EngineWorkload workload, int batchSize)
{
    private readonly WindowStateMachine _machine = new(CompiledTask.Compile(workload.Job(), workload.Job().Task("count"), new JobRegistry()));

    public CountTotals Run()
    {
        var segments = workload.Segments;
        var task = _machine.Task;
        var numbers = new Dictionary<GroupKey, int>();
        var keys = new List<(GroupKey Key, KeyState State)>();
        // Per key number: the batch it was last seen in, and its chain's first and last position in that batch.
        var seenIn = new List<int>();
        var first = new List<int>();
        var last = new List<int>();
        var next = new int[batchSize];
        var inBatch = new List<int>();
        var grouped = new Segment[batchSize];
        var run = new SegmentRun(grouped);
        var result = new StepResult();
        long firings = 0, firedSum = 0, applied = 0;
        for (int start = 0, batch = 0; start < segments.Length; start += batchSize, batch++)
        {
            var count = Math.Min(batchSize, segments.Length - start);
            for (var i = 0; i < count; i++)
            {
                var key = task.KeyOf(segments[start + i].Payload);
                if (!numbers.TryGetValue(key, out var number))
                {
                    number = keys.Count;
                    numbers.Add(key, number);
                    keys.Add((key, _machine.NewState()));
                    seenIn.Add(-1);
                    first.Add(0);
                    last.Add(0);
                }
                next[i] = -1;
                if (seenIn[number] != batch)
                {
                    seenIn[number] = batch;
                    first[number] = i;
                    inBatch.Add(number);
                }
                else
                {
                    next[last[number]] = i;
                }
                last[number] = i;
            }

            var filled = 0;
            foreach (var number in inBatch)
            {
                var from = filled;
                for (var i = first[number]; i >= 0; i = next[i]) grouped[filled++] = segments[start + i];
                var (key, state) = keys[number];
                _machine.Apply(state, key, run.Of(from, filled - from), now: 0, workload.Watermark, result);
                applied += result.Applied;
                if (!result.HasFirings) continue;
                foreach (var firing in result.Firings)
                {
                    firings++;
                    firedSum += firing.State!.GetValue<long>();
                }
            }
            inBatch.Clear();
        }
        long extents = 0;
        foreach (var (_, state) in keys) extents += state.Extents.Count;
        return new CountTotals(applied, extents, firings, firedSum);
    }
}
