using CsCheck;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

/// <summary>
/// Lateness per extent against the oracle: random out-of-order streams in event time, applied in random batches with
/// the watermark moving between them (unknown at first), for every window type and aggregation.
/// </summary>
public partial class WindowStateMachineTests
{
    /// <summary>A generated run with the watermark of each batch (null until one is known) and the allowed lateness.</summary>
    internal sealed record LatenessRun(Run Run, long?[] Watermarks, long Lateness)
    {
        public override string ToString() =>
            $"lateness {Lateness}\n{Run.Window}\n" + string.Join("\n", Run.Events.Select((e, i) =>
                $"{e} wm {(Watermarks[i] is { } w ? w : "-")}{(Run.BatchEnds[i] ? " |" : "")}"));
    }

    private static Gen<LatenessRun> LatenessRuns(WindowType type, AggregationKind aggregation) =>
        from run in Runs(type, aggregation)
        from lateness in Gen.Long[0, 20]
        from unknownFor in Gen.Int[0, 10]
        from start in Gen.Long[-10, 60]
        from steps in Gen.Long[0, 12].Array[run.Events.Length]
        select new LatenessRun(run, BatchWatermarks(run, unknownFor, start, steps), lateness);

    /// <summary>Each event gets the watermark of its batch: unknown for the first batches, then never moving back.</summary>
    private static long?[] BatchWatermarks(Run run, int unknownFor, long start, long[] steps)
    {
        var watermarks = new long?[run.Events.Length];
        long? current = null;
        var batchStart = 0;
        for (var i = 0; i < run.Events.Length; i++)
        {
            if (!run.BatchEnds[i] && i < run.Events.Length - 1) continue;
            if (i >= unknownFor) current = (current ?? start) + steps[i];
            for (var j = batchStart; j <= i; j++) watermarks[j] = current;
            batchStart = i + 1;
        }
        return watermarks;
    }

    private static WindowSpec TimeSpecOf(OracleWindow w) => SpecOf(w) with { KeyKind = WindowKeyKind.Time };

    [Theory]
    [MemberData(nameof(EveryWindowAndAggregation))]
    public void Lateness_per_extent_matches_the_brute_force_oracle(WindowType type, AggregationKind aggregation)
    {
        LatenessRuns(type, aggregation).Run(lateRun =>
        {
            var (run, watermarks) = (lateRun.Run, lateRun.Watermarks);
            var time = new TimeSettings { AllowedLateness = TimeSpan.FromMilliseconds(lateRun.Lateness) };
            var machine = Machine(Job([TimeSpecOf(run.Window)], [Never()], groupBy: ["k"], time: time));
            var states = new Dictionary<GroupKey, KeyState>();
            var late = new List<int>();
            var batch = new List<Segment>();
            for (var i = 0; i < run.Events.Length; i++)
            {
                batch.Add(TestSegments.Of(run.Events[i].Json, i));
                if (!run.BatchEnds[i] && i < run.Events.Length - 1) continue;
                foreach (var group in batch.GroupBy(s => machine.Task.KeyOf(s.Payload)))
                {
                    if (!states.TryGetValue(group.Key, out var state)) states[group.Key] = state = machine.NewState();
                    var result = machine.Apply(state, group.Key, group.ToList(), now: 0, watermarks[i]);
                    late.AddRange(result.Late.Select(s => (int)s.Payload["n"]!.GetValue<long>()));
                }
                batch.Clear();
            }

            var actual = states
                .SelectMany(s => machine.Complete(s.Value, s.Key).Firings)
                .Select(f => $"{f.GroupKey.Json} {Bound(f.LowerBound)} {Bound(f.UpperBound)} {f.State?.ToJsonString() ?? "null"}")
                .Order(StringComparer.Ordinal).ToList();
            var expected = WindowOracle.CompletedWithLateness(run.Window, run.Events, watermarks, lateRun.Lateness);
            Assert.Equal(expected.Lines, actual);
            Assert.Equal(expected.Late, late.Order());
            if (type == WindowType.Global) Assert.Empty(late);
        }, Cases);
    }

    [Theory]
    [InlineData(WindowType.Fixed)]
    [InlineData(WindowType.Sliding)]
    [InlineData(WindowType.Session)]
    public void A_watermark_trigger_delivers_every_open_extent_with_its_corrections_and_pruning_keeps_nothing_it_still_needs(WindowType type)
    {
        LatenessRuns(type, AggregationKind.Count).Run(lateRun =>
        {
            var (run, watermarks) = (lateRun.Run, lateRun.Watermarks);
            var time = new TimeSettings { AllowedLateness = TimeSpan.FromMilliseconds(lateRun.Lateness) };
            var machine = Machine(Job([TimeSpecOf(run.Window)], [OnWatermark()], groupBy: ["k"], time: time));
            var states = new Dictionary<GroupKey, KeyState>();
            var last = new Dictionary<string, long>();
            void Record(IEnumerable<Firing> firings)
            {
                foreach (var f in firings) last[$"{f.GroupKey.Json} {Bound(f.LowerBound)} {Bound(f.UpperBound)}"] = f.State!.GetValue<long>();
            }
            var batch = new List<Segment>();
            for (var i = 0; i < run.Events.Length; i++)
            {
                batch.Add(TestSegments.Of(run.Events[i].Json, i));
                if (!run.BatchEnds[i] && i < run.Events.Length - 1) continue;
                foreach (var group in batch.GroupBy(s => machine.Task.KeyOf(s.Payload)))
                {
                    if (!states.TryGetValue(group.Key, out var state)) states[group.Key] = state = machine.NewState();
                    Record(machine.Apply(state, group.Key, group.ToList(), now: 0, watermarks[i]).Firings);
                }
                // The sweeper: fire what the watermark made due, and prune what has closed.
                foreach (var (key, state) in states) Record(machine.Tick(state, key, now: 0, watermarks[i]).Firings);
                batch.Clear();
            }
            // The stream ends: the watermark passes everything, so every extent delivers its final count.
            foreach (var (key, state) in states) Record(machine.Tick(state, key, now: 0, watermark: 1e12).Firings);

            var expected = WindowOracle.CompletedWithLateness(run.Window, run.Events, watermarks, lateRun.Lateness).Lines;
            var delivered = last.Select(l => $"{l.Key} {l.Value}").Order(StringComparer.Ordinal).ToList();
            Assert.All(expected, line => Assert.Contains(line, delivered));
            // A session fired and then extended or merged by a late-but-allowed event leaves a firing of its earlier
            // bounds; it is superseded by a later firing of a session of the same key that covers it.
            foreach (var extra in delivered.Except(expected))
            {
                Assert.Equal(WindowType.Session, type);
                var (key, lower, upper) = (extra.Split(' ')[0], long.Parse(extra.Split(' ')[1]), long.Parse(extra.Split(' ')[2]));
                Assert.Contains(expected, line => line.Split(' ')[0] == key && long.Parse(line.Split(' ')[1]) <= lower && long.Parse(line.Split(' ')[2]) >= upper);
            }
            Assert.All(states, s => Assert.Empty(s.Value.Extents));
        }, Cases);
    }
}
