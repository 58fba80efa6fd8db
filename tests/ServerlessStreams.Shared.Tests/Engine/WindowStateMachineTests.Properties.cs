using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

/// <summary>
/// Property tests against <see cref="WindowOracle"/>: random out-of-order streams with random keys, applied in random
/// batches grouped by key as the runtime does, with the state sometimes saved and reloaded between batches.
/// </summary>
public partial class WindowStateMachineTests
{
    private const int Cases = 60;

    /// <summary>A generated run: the window's numbers, the stream, where batches end, and when to reload state.</summary>
    internal sealed record Run(OracleWindow Window, OracleEvent[] Events, bool[] BatchEnds, bool[] Reloads, long Threshold)
    {
        public override string ToString() =>
            $"{Window}\nthreshold {Threshold}\n" + string.Join("\n", Events.Select((e, i) => $"{e}{(BatchEnds[i] ? " |" : "")}{(Reloads[i] ? " reload" : "")}"));
    }

    private static Gen<Run> Runs(WindowType type, AggregationKind aggregation) =>
        from range in Gen.Long[1, 30]
        from slide in Gen.Long[1, range]
        from gap in Gen.Long[0, 15]
        from min in Gen.OneOf(0L, 0L, 5L)
        from count in Gen.Int[0, 60]
        from keys in Gen.OneOf("a", "b", "c").Array[count]
        from times in Gen.Long[0, 100].Array[count]
        from xs in Gen.Int[-5, 20].Array[count]
        from presence in Gen.Int[0, 5].Array[count]
        from ends in Gen.Bool.Array[count]
        from reloads in Gen.Int[0, 3].Array[count]
        from threshold in Gen.Long[1, 7]
        select new Run(
            new OracleWindow(type, aggregation, range, slide, gap, min),
            Enumerable.Range(0, count).Select(i => new OracleEvent(keys[i], times[i],
                presence[i] switch { 0 => null, 1 => null, _ => xs[i] }, HasX: presence[i] != 0, N: i)).ToArray(),
            ends,
            reloads.Select(r => r == 0).ToArray(),
            threshold);

    private static WindowSpec SpecOf(OracleWindow w)
    {
        var aggregation = w.Aggregation switch
        {
            AggregationKind.Count => AggregationSpec.Count,
            AggregationKind.Collect => AggregationSpec.Collect,
            var kind => new AggregationSpec(kind, "x"),
        };
        return w.Type switch
        {
            WindowType.Fixed => Fixed(w.Range, aggregation, min: w.Min),
            WindowType.Sliding => Sliding(w.Range, w.Slide, aggregation, min: w.Min),
            WindowType.Global => Global(aggregation),
            _ => Session(w.Gap, aggregation),
        };
    }

    /// <summary>Feeds the stream batch by batch, each batch grouped by key; returns every firing per key.</summary>
    private static List<(GroupKey Key, Firing Firing)> Feed(WindowStateMachine machine, Run run, bool complete)
    {
        var codec = new KeyStateCodec(machine.Task);
        var states = new Dictionary<GroupKey, KeyState>();
        var firings = new List<(GroupKey, Firing)>();
        var batch = new List<Segment>();
        for (var i = 0; i < run.Events.Length; i++)
        {
            batch.Add(TestSegments.Of(run.Events[i].Json, i));
            if (!run.BatchEnds[i] && i < run.Events.Length - 1) continue;
            foreach (var group in batch.GroupBy(s => machine.Task.KeyOf(s.Payload)))
            {
                var state = states.TryGetValue(group.Key, out var known) ? known : machine.NewState();
                if (run.Reloads[i]) state = codec.Load(JsonNode.Parse(codec.Save(state).ToJsonString())!.AsObject());
                states[group.Key] = state;
                var result = machine.Apply(state, group.Key, group.ToList(), now: 0, watermark: null);
                Assert.Empty(result.Late);
                Assert.Equal(group.Count(s => !result.Rejected.Any(r => r.Segment == s)), result.Applied);
                firings.AddRange(result.Firings.Select(f => (group.Key, f)));
            }
            batch.Clear();
        }
        if (complete)
            foreach (var (key, state) in states)
                firings.AddRange(machine.Complete(state, key).Firings.Select(f => (key, f)));
        return firings;
    }

    private static string Bound(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    public static TheoryData<WindowType, AggregationKind> EveryWindowAndAggregation()
    {
        var data = new TheoryData<WindowType, AggregationKind>();
        foreach (var type in new[] { WindowType.Fixed, WindowType.Sliding, WindowType.Global, WindowType.Session })
            foreach (var aggregation in new[]
                     {
                         AggregationKind.Count, AggregationKind.Sum, AggregationKind.Min, AggregationKind.Max,
                         AggregationKind.Average, AggregationKind.Collect, AggregationKind.DistinctCount,
                     })
                data.Add(type, aggregation);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryWindowAndAggregation))]
    public void Completion_firings_match_the_brute_force_oracle(WindowType type, AggregationKind aggregation)
    {
        Runs(type, aggregation).Run(run =>
        {
            var machine = Machine(Job([SpecOf(run.Window)], [Never()], groupBy: ["k"]));
            var firings = Feed(machine, run, complete: true);

            Assert.All(firings, f => Assert.Equal(FiringEvent.Completed, f.Firing.Event));
            var actual = firings
                .Select(f => $"{f.Key.Json} {Bound(f.Firing.LowerBound)} {Bound(f.Firing.UpperBound)} {f.Firing.State?.ToJsonString() ?? "null"}")
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(WindowOracle.Completed(run.Window, run.Events), actual);
        }, Cases);
    }

    [Theory]
    [InlineData(WindowType.Fixed)]
    [InlineData(WindowType.Sliding)]
    [InlineData(WindowType.Global)]
    public void A_discarding_segment_trigger_counts_every_placement_exactly_once(WindowType type)
    {
        Runs(type, AggregationKind.Count).Run(run =>
        {
            var job = Job([SpecOf(run.Window)], [OnSegments(run.Threshold, refinement: Refinement.Discarding)], groupBy: ["k"]);
            var firings = Feed(Machine(job), run, complete: true);

            // Every count fired, summed per key and extent, equals the oracle's count for that extent.
            var fired = firings
                .GroupBy(f => $"{f.Key.Json} {Bound(f.Firing.LowerBound)} {Bound(f.Firing.UpperBound)}")
                .Select(g => $"{g.Key} {g.Sum(f => f.Firing.State!.GetValue<long>())}")
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(WindowOracle.Completed(run.Window, run.Events), fired);
        }, Cases);
    }

    [Theory]
    [InlineData(WindowType.Fixed)]
    [InlineData(WindowType.Session)]
    public void The_segment_trigger_fires_once_per_threshold_segments_of_a_key_whatever_their_extents(WindowType type)
    {
        Runs(type, AggregationKind.Count).Run(run =>
        {
            var job = Job([SpecOf(run.Window)], [OnSegments(run.Threshold)], groupBy: ["k"]);
            var firings = Feed(Machine(job), run, complete: false);

            foreach (var key in new[] { "a", "b", "c" })
            {
                var accepted = run.Events.Count(e => e.Key == key && WindowOracle.Accepts(run.Window, e));
                var fired = firings.Count(f => f.Key.Json == $"\"{key}\"");
                Assert.Equal(accepted / run.Threshold, fired);
            }
        }, Cases);
    }

    [Theory]
    [InlineData(WindowType.Fixed)]
    [InlineData(WindowType.Sliding)]
    [InlineData(WindowType.Session)]
    public void A_watermark_past_every_extent_fires_each_once_with_the_oracle_state(WindowType type)
    {
        Runs(type, AggregationKind.Collect).Run(run =>
        {
            var machine = Machine(Job([SpecOf(run.Window)], [OnWatermark()], groupBy: ["k"]));
            var states = new Dictionary<GroupKey, KeyState>();
            foreach (var e in run.Events)
            {
                var segment = TestSegments.Of(e.Json);
                var key = machine.Task.KeyOf(segment.Payload);
                if (!states.TryGetValue(key, out var state)) states[key] = state = machine.NewState();
                Assert.Empty(machine.Apply(state, key, [segment], now: 0, watermark: null).Firings);
            }

            var fired = states
                .SelectMany(s => machine.Tick(s.Value, s.Key, now: 0, watermark: 1e12).Firings)
                .Select(f => $"{f.GroupKey.Json} {Bound(f.LowerBound)} {Bound(f.UpperBound)} {f.State!.ToJsonString()}")
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(WindowOracle.Completed(run.Window, run.Events), fired);
            Assert.All(states, s => Assert.Empty(machine.Tick(s.Value, s.Key, now: 0, watermark: 2e12).Firings));
        }, Cases);
    }
}
