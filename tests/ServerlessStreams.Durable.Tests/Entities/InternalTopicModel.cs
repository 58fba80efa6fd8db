using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Segments;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Durable.Tests.Entities;

/// <summary>
/// A model of a repartitioned task's internal partition as producers fill it and consumers read it, with every failure
/// the design must survive, driven by a seed. Producing: each origin partition is read from its committed offset in
/// attempts over ranges of random length; an attempt may stop part-way (its producer's run cut short, never with a
/// hole), finish and lose its commit (the batch comes again), or stay in flight while a newer owner starts from the
/// committed offset (a rebalance: the zombie and the new owner both produce, interleaved). Consuming: the internal
/// partition is read from its committed position in batches of random length; a batch may be applied and lose its
/// commit, and a zombie's batch may be applied after the new owner's.
/// </summary>
internal sealed class InternalTopicModel
{
    private readonly Random _random;

    public InternalTopicModel(int seed) => _random = new Random(seed);

    /// <summary>
    /// The internal partition's records as the attempts interleave them, each a copy of an item of
    /// <paramref name="origins"/> (every origin partition's items in position order).
    /// </summary>
    public List<KeyedInput> Produce(IReadOnlyList<IReadOnlyList<KeyedInput>> origins)
    {
        var queue = new List<KeyedInput>();
        var committed = new int[origins.Count];
        var inFlight = new List<Attempt>();
        while (true)
        {
            var idle = Enumerable.Range(0, origins.Count).Where(p => committed[p] < origins[p].Count && inFlight.All(a => a.Partition != p || a.Zombie)).ToList();
            if (idle.Count == 0 && inFlight.Count == 0) return queue;
            if (idle.Count > 0 && (inFlight.Count == 0 || _random.Next(3) == 0))
            {
                var partition = idle[_random.Next(idle.Count)];
                var start = committed[partition];
                var end = Math.Min(origins[partition].Count, start + 1 + _random.Next(12));
                // Items of one record come together: a batch ends between records.
                while (end < origins[partition].Count && origins[partition][end].Input.Source.Offset == origins[partition][end - 1].Input.Source.Offset) end++;
                var fate = _random.Next(10) switch
                {
                    0 => Fate.CutShort,
                    1 => Fate.CommitLost,
                    2 => Fate.Zombie,
                    _ => Fate.Succeeds,
                };
                var attempt = new Attempt(partition, start, end, fate);
                if (fate == Fate.CutShort) attempt.CutAt = start + _random.Next(end - start);
                // A zombie keeps producing while the partition's new owner starts over from the committed offset.
                if (fate == Fate.Zombie) attempt.Zombie = true;
                inFlight.Add(attempt);
                continue;
            }
            var running = inFlight[_random.Next(inFlight.Count)];
            if (running.Next < (running.CutAt ?? running.End))
            {
                queue.Add(origins[running.Partition][running.Next++]);
                continue;
            }
            inFlight.Remove(running);
            if (running.Fate == Fate.Succeeds) committed[running.Partition] = Math.Max(committed[running.Partition], running.End);
        }
    }

    /// <summary>
    /// The batches a consumer group applies, in the order they are applied: ranges of <paramref name="queueLength"/>
    /// records, each starting at or before the committed position, the last ones reading to the end.
    /// </summary>
    public List<(int Start, int End)> Consume(int queueLength)
    {
        var batches = new List<(int, int)>();
        var committed = 0;
        (int Start, int End)? zombie = null;
        while (committed < queueLength)
        {
            var end = Math.Min(queueLength, committed + 1 + _random.Next(20));
            var batch = (committed, end);
            switch (_random.Next(8))
            {
                case 0:
                    // Applied, but the commit is lost: it comes again.
                    batches.Add(batch);
                    break;
                case 1 when zombie is null:
                    // A zombie read it too; its batch is applied later, after the new owner's.
                    zombie = batch;
                    break;
                default:
                    batches.Add(batch);
                    committed = end;
                    break;
            }
            if (zombie is { } late && _random.Next(3) == 0)
            {
                batches.Add(late);
                zombie = null;
            }
        }
        if (zombie is { } last) batches.Add(last);
        return batches;
    }

    /// <summary>The inputs an origin partition's records make for the task: a second one, to another key, for every third record.</summary>
    public static List<KeyedInput> Inputs(FunctionStage stage, IEnumerable<Segment> records, string via)
    {
        var inputs = new List<KeyedInput>();
        foreach (var record in records)
        {
            inputs.Add(KeyedInput.Repartitioned(record, stage.Process(record), 0, via));
            if (record.Source.Offset % 3 != 0) continue;
            // As an upstream function's output routed here: a child of the record, with a key of its own.
            var payload = (System.Text.Json.Nodes.JsonObject)record.Payload.DeepClone();
            payload["user"] = "child-" + payload["user"]!.GetValue<string>();
            var child = record with { Id = record.Id.Child(0), Payload = payload };
            inputs.Add(KeyedInput.Repartitioned(child, stage.Process(child), 1, via));
        }
        return inputs;
    }

    private enum Fate
    {
        Succeeds,
        CutShort,
        CommitLost,
        Zombie,
    }

    private sealed class Attempt(int partition, int start, int end, Fate fate)
    {
        public int Partition { get; } = partition;
        public int End { get; } = end;
        public Fate Fate { get; } = fate;
        public int Next { get; set; } = start;
        public int? CutAt { get; set; }
        public bool Zombie { get; set; }
    }
}
