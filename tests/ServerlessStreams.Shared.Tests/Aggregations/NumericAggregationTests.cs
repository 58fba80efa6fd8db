using System.Text.Json.Nodes;
using ServerlessStreams.Aggregations;

namespace ServerlessStreams.Shared.Tests.Aggregations;

public class NumericAggregationTests
{
    private static readonly string[] Segments = ["""{"age":10}""", """{"age":null}""", """{"name":"x"}""", """{"age":30}""", """{"age":-4}"""];

    private static string Run(NumericKind kind, params string[] segments)
    {
        var accumulator = new NumericAggregation(kind, "age").Create();
        for (var i = 0; i < segments.Length; i++) accumulator.Add(JsonNode.Parse(segments[i])!.AsObject(), i);
        return accumulator.Result()?.ToJsonString() ?? "null";
    }

    [Theory]
    [InlineData(nameof(NumericKind.Sum), "36")]
    [InlineData(nameof(NumericKind.Min), "-4")]
    [InlineData(nameof(NumericKind.Max), "30")]
    [InlineData(nameof(NumericKind.Average), "12")]
    public void Missing_and_null_fields_are_skipped_and_average_divides_by_the_values_used(string kindName, string expected)
    {
        var kind = Enum.Parse<NumericKind>(kindName);
        Assert.Equal(expected, Run(kind, Segments));
    }

    [Theory]
    [InlineData(nameof(NumericKind.Sum), "0")]
    [InlineData(nameof(NumericKind.Min), "null")]
    [InlineData(nameof(NumericKind.Max), "null")]
    [InlineData(nameof(NumericKind.Average), "null")]
    public void With_no_values_sum_is_zero_and_the_others_are_null(string kindName, string expected)
    {
        var kind = Enum.Parse<NumericKind>(kindName);
        Assert.Equal(expected, Run(kind, """{"age":null}""", "{}"));
    }

    [Fact]
    public void Fractional_values_are_kept()
    {
        Assert.Equal("1.75", Run(NumericKind.Average, """{"age":1.5}""", """{"age":2}"""));
    }

    [Fact]
    public void Numbers_built_in_csharp_are_read_like_parsed_ones()
    {
        var accumulator = new NumericAggregation(NumericKind.Sum, "age").Create();
        accumulator.Add(new JsonObject { ["age"] = 3 }, 0);
        accumulator.Add(new JsonObject { ["age"] = 4L }, 1);
        accumulator.Add(new JsonObject { ["age"] = 0.5m }, 2);
        accumulator.Add(new JsonObject { ["age"] = 0.25 }, 3);
        Assert.Equal("7.75", accumulator.Result()!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"age":"ten"}""")]
    [InlineData("""{"age":true}""")]
    [InlineData("""{"age":[1]}""")]
    [InlineData("""{"age":{"v":1}}""")]
    public void A_field_that_is_not_a_number_is_refused_by_check(string segment)
    {
        var aggregation = new NumericAggregation(NumericKind.Sum, "age");
        Assert.Equal("field 'age' is not a number", aggregation.Check(JsonNode.Parse(segment)!.AsObject()));
    }

    [Theory]
    [InlineData("""{"age":1}""")]
    [InlineData("""{"age":null}""")]
    [InlineData("{}")]
    public void Numbers_null_and_missing_pass_check(string segment)
    {
        Assert.Null(new NumericAggregation(NumericKind.Sum, "age").Check(JsonNode.Parse(segment)!.AsObject()));
    }

    [Theory]
    [InlineData(nameof(NumericKind.Sum), "36")]
    [InlineData(nameof(NumericKind.Min), "-4")]
    [InlineData(nameof(NumericKind.Max), "30")]
    [InlineData(nameof(NumericKind.Average), "12")]
    public void Merge_combines_as_if_all_segments_went_to_one_accumulator(string kindName, string expected)
    {
        var kind = Enum.Parse<NumericKind>(kindName);
        var aggregation = new NumericAggregation(kind, "age");
        var left = aggregation.Create();
        var right = aggregation.Create();
        var empty = aggregation.Create();
        for (var i = 0; i < Segments.Length; i++)
            (i % 2 == 0 ? left : right).Add(JsonNode.Parse(Segments[i])!.AsObject(), i);
        left.MergeFrom(right);
        left.MergeFrom(empty);
        Assert.Equal(expected, left.Result()!.ToJsonString());
    }

    [Theory]
    [InlineData(nameof(NumericKind.Sum))]
    [InlineData(nameof(NumericKind.Min))]
    [InlineData(nameof(NumericKind.Max))]
    [InlineData(nameof(NumericKind.Average))]
    public void Save_and_load_through_text_keep_the_aggregate(string kindName)
    {
        var kind = Enum.Parse<NumericKind>(kindName);
        var aggregation = new NumericAggregation(kind, "age");
        var accumulator = aggregation.Create();
        accumulator.Add(JsonNode.Parse("""{"age":7}""")!.AsObject(), 0);
        accumulator.Add(JsonNode.Parse("""{"age":2.5}""")!.AsObject(), 1);
        var loaded = aggregation.Load(JsonNode.Parse(accumulator.Save()!.ToJsonString()));
        Assert.Equal(accumulator.Result()!.ToJsonString(), loaded.Result()!.ToJsonString());
        loaded.Add(JsonNode.Parse("""{"age":-1}""")!.AsObject(), 2);
        accumulator.Add(JsonNode.Parse("""{"age":-1}""")!.AsObject(), 2);
        Assert.Equal(accumulator.Result()!.ToJsonString(), loaded.Result()!.ToJsonString());
    }
}
