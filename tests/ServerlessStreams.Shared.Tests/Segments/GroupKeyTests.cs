using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Shared.Tests.Segments;

public class GroupKeyTests
{
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("\"ada\"")]
    [InlineData("\"with \\\"quotes\\\" and \\\\ slash\"")]
    [InlineData("\"\\u0041\\n\"")]
    [InlineData("\"ünïcødé ✓\"")]
    [InlineData("42")]
    [InlineData("-1.50")]
    [InlineData("1e3")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("""["n",7,{"b":1,"a":2}]""")]
    public void A_parsed_value_keys_as_its_canonical_json(string json)
    {
        var node = JsonNode.Parse(json);
        Assert.Equal(node?.ToJsonString(Canonical) ?? "null", GroupKey.From(node).Json);
    }

    [Fact]
    public void Strings_and_numbers_key_the_same_whether_parsed_or_built_in_csharp()
    {
        Gen.String.Run(text =>
        {
            var built = GroupKey.From(JsonValue.Create(text));
            var parsed = GroupKey.From(JsonNode.Parse(JsonValue.Create(text).ToJsonString()));
            Assert.Equal(JsonValue.Create(text).ToJsonString(Canonical), built.Json);
            Assert.Equal(built, parsed);
        }, cases: 2_000);
    }

    [Fact]
    public void Equal_values_give_equal_keys_and_different_values_different_keys()
    {
        Assert.Equal(GroupKey.From(JsonNode.Parse("\"a\"")), GroupKey.From(JsonValue.Create("a")));
        Assert.NotEqual(GroupKey.From(JsonValue.Create("1")), GroupKey.From(JsonValue.Create(1)));
        Assert.True(GroupKey.From(null).IsNone);
        Assert.Equal("\"a\"", GroupKey.From(JsonValue.Create("a")).ToNode()!.ToJsonString());
    }
}
