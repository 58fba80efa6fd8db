using System.Text.Json.Nodes;
using ServerlessStreams.Aggregations;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Aggregations;

public class UserAggregationTests
{
    /// <summary>Keeps the largest "score" and how many segments it saw.</summary>
    private sealed class Best : IUserAggregation
    {
        public JsonNode? Init() => new JsonObject { ["best"] = null, ["n"] = 0 };

        public JsonNode? Apply(JsonNode? state, JsonObject segment)
        {
            var score = segment["score"]!.GetValue<int>();
            var best = state!["best"]?.GetValue<int>();
            return new JsonObject { ["best"] = best is { } b && b >= score ? b : score, ["n"] = state["n"]!.GetValue<int>() + 1 };
        }

        public bool CanMerge => true;

        public JsonNode? Merge(JsonNode? left, JsonNode? right)
        {
            var l = left!["best"]?.GetValue<int>();
            var r = right!["best"]?.GetValue<int>();
            int? best = l is null ? r : r is null ? l : Math.Max(l.Value, r.Value);
            return new JsonObject { ["best"] = best, ["n"] = left["n"]!.GetValue<int>() + right["n"]!.GetValue<int>() };
        }
    }

    private sealed class Tally : IUserAggregation
    {
        public JsonNode? Init() => 0;

        public JsonNode? Apply(JsonNode? state, JsonObject segment) => state!.GetValue<int>() + 1;
    }

    private static readonly AggregationSpec BestSpec = new(AggregationKind.Registered, Name: "best");

    [Fact]
    public void Init_apply_and_result_go_through_the_registered_aggregation()
    {
        var accumulator = new UserAggregation(new Best()).Create();
        accumulator.Add(JsonNode.Parse("""{"score":4}""")!.AsObject(), 0);
        accumulator.Add(JsonNode.Parse("""{"score":9}""")!.AsObject(), 1);
        accumulator.Add(JsonNode.Parse("""{"score":2}""")!.AsObject(), 2);
        Assert.Equal("""{"best":9,"n":3}""", accumulator.Result()!.ToJsonString());
    }

    [Fact]
    public void Sessions_use_merge_when_an_event_bridges_two_sessions()
    {
        var registry = new JobRegistry().AddAggregation("best", new Best());
        var machine = Machine(Job(Session(5, BestSpec), Never()), registry);
        var state = machine.NewState();
        machine.Apply(state, GroupKey.None, [
            TestSegments.Of("""{"t":0,"score":4}"""),
            TestSegments.Of("""{"t":10,"score":9}"""),
            TestSegments.Of("""{"t":5,"score":1}"""),
        ], now: 0, watermark: null);

        var firing = Assert.Single(machine.Complete(state, GroupKey.None).Firings);
        Assert.Equal("""{"best":9,"n":3}""", firing.State!.ToJsonString());
        Assert.Equal((0d, 10d), (firing.LowerBound, firing.UpperBound));
    }

    [Fact]
    public void State_round_trips_through_save_and_load()
    {
        var aggregation = new UserAggregation(new Best());
        var accumulator = aggregation.Create();
        accumulator.Add(JsonNode.Parse("""{"score":4}""")!.AsObject(), 0);
        var loaded = aggregation.Load(JsonNode.Parse(accumulator.Save()!.ToJsonString()));
        loaded.Add(JsonNode.Parse("""{"score":6}""")!.AsObject(), 1);
        Assert.Equal("""{"best":6,"n":2}""", loaded.Result()!.ToJsonString());
    }

    [Fact]
    public void An_aggregation_without_merge_is_refused_for_session_windows()
    {
        var registry = new JobRegistry().AddAggregation("tally", new Tally());
        var job = Job(Session(5, new AggregationSpec(AggregationKind.Registered, Name: "tally")), Never());
        var error = Assert.Throws<ArgumentException>(() => Compile(job, registry));
        Assert.Equal("window 'w': aggregation 'tally' cannot merge, so it cannot be used with session windows", error.Message);
    }

    [Fact]
    public void An_aggregation_without_merge_works_for_fixed_windows()
    {
        var registry = new JobRegistry().AddAggregation("tally", new Tally());
        var machine = Machine(Job(Fixed(10, new AggregationSpec(AggregationKind.Registered, Name: "tally")), Never()), registry);
        var state = machine.NewState();
        machine.Apply(state, GroupKey.None, TestSegments.At(1, 2, 3), 0, null);
        Assert.Equal("3", Assert.Single(machine.Complete(state, GroupKey.None).Firings).State!.ToJsonString());
    }

    [Fact]
    public void An_unregistered_aggregation_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => Compile(Job(Fixed(10, BestSpec), Never())));
        Assert.Equal("aggregation 'best' is not registered", error.Message);
    }
}
