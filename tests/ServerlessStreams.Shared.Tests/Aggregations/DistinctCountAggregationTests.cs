using System.Text.Json.Nodes;
using ServerlessStreams.Aggregations;

namespace ServerlessStreams.Shared.Tests.Aggregations;

public class DistinctCountAggregationTests
{
    private static Accumulator Fill(DistinctCountAggregation aggregation, params string[] segments)
    {
        var accumulator = aggregation.Create();
        for (var i = 0; i < segments.Length; i++) accumulator.Add(JsonNode.Parse(segments[i])!.AsObject(), i);
        return accumulator;
    }

    [Fact]
    public void Counts_distinct_values_skipping_missing_and_null()
    {
        var accumulator = Fill(new DistinctCountAggregation("v"),
            """{"v":"a"}""", """{"v":"a"}""", """{"v":"b"}""", """{"v":null}""", "{}", """{"v":1}""", """{"v":"1"}""");
        Assert.Equal("4", accumulator.Result()!.ToJsonString());
    }

    [Fact]
    public void Objects_and_arrays_compare_by_value()
    {
        var accumulator = Fill(new DistinctCountAggregation("v"), """{"v":[1,2]}""", """{"v":[1,2]}""", """{"v":{"a":1}}""");
        Assert.Equal("2", accumulator.Result()!.ToJsonString());
    }

    [Fact]
    public void Merge_is_a_union()
    {
        var aggregation = new DistinctCountAggregation("v");
        var left = Fill(aggregation, """{"v":1}""", """{"v":2}""");
        left.MergeFrom(Fill(aggregation, """{"v":2}""", """{"v":3}"""));
        Assert.Equal("3", left.Result()!.ToJsonString());
    }

    [Fact]
    public void Save_and_load_keep_the_seen_values()
    {
        var aggregation = new DistinctCountAggregation("v");
        var loaded = aggregation.Load(JsonNode.Parse(Fill(aggregation, """{"v":"x"}""", """{"v":2}""").Save()!.ToJsonString()));
        loaded.Add(JsonNode.Parse("""{"v":"x"}""")!.AsObject(), 2);
        loaded.Add(JsonNode.Parse("""{"v":3}""")!.AsObject(), 3);
        Assert.Equal("3", loaded.Result()!.ToJsonString());
    }
}
