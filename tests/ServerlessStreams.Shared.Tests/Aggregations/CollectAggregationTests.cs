using System.Text.Json.Nodes;
using ServerlessStreams.Aggregations;

namespace ServerlessStreams.Shared.Tests.Aggregations;

public class CollectAggregationTests
{
    private static JsonObject Segment(int n) => new() { ["n"] = n };

    [Fact]
    public void Keeps_segments_in_arrival_order()
    {
        var collect = new CollectAggregation().Create();
        collect.Add(Segment(2), 0);
        collect.Add(Segment(1), 1);
        Assert.Equal("""[{"n":2},{"n":1}]""", collect.Result()!.ToJsonString());
    }

    [Fact]
    public void Merge_interleaves_by_arrival_number()
    {
        var aggregation = new CollectAggregation();
        var left = aggregation.Create();
        var right = aggregation.Create();
        left.Add(Segment(0), 0);
        right.Add(Segment(1), 1);
        left.Add(Segment(2), 2);
        right.Add(Segment(3), 3);
        right.MergeFrom(left);
        Assert.Equal("""[{"n":0},{"n":1},{"n":2},{"n":3}]""", right.Result()!.ToJsonString());
    }

    [Fact]
    public void The_result_is_a_copy_that_later_adds_do_not_change()
    {
        var collect = new CollectAggregation().Create();
        collect.Add(Segment(0), 0);
        var first = collect.Result()!;
        collect.Add(Segment(1), 1);
        Assert.Equal("""[{"n":0}]""", first.ToJsonString());
    }

    [Fact]
    public void Save_and_load_keep_segments_and_their_arrival_numbers()
    {
        var aggregation = new CollectAggregation();
        var collect = aggregation.Create();
        collect.Add(Segment(0), 4);
        collect.Add(Segment(1), 9);
        var loaded = aggregation.Load(JsonNode.Parse(collect.Save()!.ToJsonString()));
        var other = aggregation.Create();
        other.Add(Segment(2), 5);
        loaded.MergeFrom(other);
        Assert.Equal("""[{"n":0},{"n":2},{"n":1}]""", loaded.Result()!.ToJsonString());
    }
}
