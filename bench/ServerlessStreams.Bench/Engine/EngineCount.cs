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

    /// <summary>A key's state with the part of the current batch that belongs to it.</summary>
    private sealed class KeyEntry(KeyState state)
    {
        public KeyState State { get; } = state;
        public List<Segment> Batch { get; } = [];
    }

    public CountTotals Run()
    {
        var segments = workload.Segments;
        var task = _machine.Task;
        var keys = new Dictionary<GroupKey, KeyEntry>();
        var inBatch = new List<(GroupKey Key, KeyEntry Entry)>();
        long firings = 0, firedSum = 0, applied = 0;
        for (var start = 0; start < segments.Length; start += batchSize)
        {
            var end = Math.Min(start + batchSize, segments.Length);
            for (var i = start; i < end; i++)
            {
                var key = task.KeyOf(segments[i].Payload);
                if (!keys.TryGetValue(key, out var entry))
                {
                    entry = new KeyEntry(_machine.NewState());
                    keys.Add(key, entry);
                }
                if (entry.Batch.Count == 0) inBatch.Add((key, entry));
                entry.Batch.Add(segments[i]);
            }
            foreach (var (key, entry) in inBatch)
            {
                var result = _machine.Apply(entry.State, key, entry.Batch, now: 0, workload.Watermark);
                applied += result.Applied;
                foreach (var firing in result.Firings)
                {
                    firings++;
                    firedSum += firing.State!.GetValue<long>();
                }
                entry.Batch.Clear();
            }
            inBatch.Clear();
        }
        long extents = 0;
        foreach (var entry in keys.Values) extents += entry.State.Extents.Count;
        return new CountTotals(applied, extents, firings, firedSum);
    }
}
