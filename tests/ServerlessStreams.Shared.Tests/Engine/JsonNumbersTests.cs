using System.Text.Json.Nodes;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Shared.Tests.Engine;

public class JsonNumbersTests
{
    public static TheoryData<JsonNode, double> Numbers => new()
    {
        { JsonNode.Parse("12.5")!, 12.5 },
        { JsonValue.Create(7), 7 },
        { JsonValue.Create(7L), 7 },
        { JsonValue.Create(7.25m), 7.25 },
        { JsonValue.Create(1.5f), 1.5 },
        { JsonValue.Create((short)-2), -2 },
        { JsonValue.Create((byte)9), 9 },
        { JsonValue.Create(8UL), 8 },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Numbers_parsed_or_built_in_csharp_read_as_doubles(JsonNode node, double expected)
    {
        Assert.True(JsonNumbers.TryGetDouble(node, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("\"12\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("{}")]
    public void Other_values_are_not_numbers(string json)
    {
        Assert.False(JsonNumbers.TryGetDouble(JsonNode.Parse(json), out _));
    }

    [Fact]
    public void Stored_fields_that_are_not_numbers_are_named()
    {
        var error = Assert.Throws<InvalidDataException>(() => JsonNumbers.ToInt64(JsonNode.Parse("1.5")!, "stored count"));
        Assert.Equal("stored count is not a whole number: 1.5", error.Message);
        error = Assert.Throws<InvalidDataException>(() => JsonNumbers.ToDouble(JsonNode.Parse("\"x\"")!, "stored sum"));
        Assert.Equal("stored sum is not a number: \"x\"", error.Message);
    }
}
