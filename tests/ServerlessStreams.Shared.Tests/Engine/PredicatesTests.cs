using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Engine;

public class PredicatesTests
{
    private static bool Test(PredicateSpec spec, string segment, JobRegistry? registry = null) =>
        Predicates.Compile(spec, registry ?? new JobRegistry())(JsonNode.Parse(segment)!.AsObject());

    [Theory]
    [InlineData("\"logout\"", """{"type":"logout"}""", true)]
    [InlineData("\"logout\"", """{"type":"login"}""", false)]
    [InlineData("\"logout\"", "{}", false)]
    [InlineData("true", """{"type":true}""", true)]
    [InlineData("true", """{"type":"true"}""", false)]
    [InlineData("3", """{"type":3}""", true)]
    [InlineData("null", """{"type":null}""", true)]
    [InlineData("null", "{}", true)]
    [InlineData("""{"a":[1,2]}""", """{"type":{"a":[1,2]}}""", true)]
    public void Field_equals_compares_json_values(string equals, string segment, bool expected)
    {
        Assert.Equal(expected, Test(PredicateSpec.FieldEquals("type", equals), segment));
    }

    [Fact]
    public void Field_equals_matches_values_built_in_csharp()
    {
        var predicate = Predicates.Compile(PredicateSpec.FieldEquals("n", "3"), new JobRegistry());
        Assert.True(predicate(new JsonObject { ["n"] = 3 }));
        Assert.True(Predicates.Compile(PredicateSpec.FieldEquals("s", "\"x\""), new JobRegistry())(new JsonObject { ["s"] = "x" }));
    }

    [Fact]
    public void A_registered_predicate_is_used_by_name()
    {
        var registry = new JobRegistry().AddPredicate("big", s => s["n"]!.GetValue<int>() > 10);
        Assert.True(Test(PredicateSpec.Registered("big"), """{"n":11}""", registry));
        Assert.False(Test(PredicateSpec.Registered("big"), """{"n":10}""", registry));
    }

    [Fact]
    public void An_unregistered_predicate_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => Predicates.Compile(PredicateSpec.Registered("big"), new JobRegistry()));
        Assert.Equal("predicate 'big' is not registered", error.Message);
    }
}
