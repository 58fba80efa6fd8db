using System.Text.Json.Nodes;
using ServerlessStreams.Aggregations;

namespace ServerlessStreams.Shared.Tests.Aggregations;

public class CountAggregationTests
{
    [Fact]
    public void Counts_every_segment_and_reports_an_integer()
    {
        var count = new CountAggregation().Create();
        count.Add(new JsonObject(), 0);
        count.Add(new JsonObject { ["x"] = null }, 1);
        Assert.Equal("2", count.Result()!.ToJsonString());
    }

    [Fact]
    public void Merge_adds_counts()
    {
        var aggregation = new CountAggregation();
        var left = aggregation.Create();
        var right = aggregation.Create();
        left.Add(new JsonObject(), 0);
        right.Add(new JsonObject(), 1);
        right.Add(new JsonObject(), 2);
        left.MergeFrom(right);
        Assert.Equal("3", left.Result()!.ToJsonString());
    }

    [Fact]
    public void Save_and_load_keep_the_count()
    {
        var aggregation = new CountAggregation();
        var count = aggregation.Create();
        for (var i = 0; i < 5; i++) count.Add(new JsonObject(), i);
        var loaded = aggregation.Load(JsonNode.Parse(count.Save()!.ToJsonString()));
        loaded.Add(new JsonObject(), 5);
        Assert.Equal("6", loaded.Result()!.ToJsonString());
    }
}
