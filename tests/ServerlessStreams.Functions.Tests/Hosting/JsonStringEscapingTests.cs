using System.Text;
using System.Text.Json;
using CsCheck;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Testing;
using static ServerlessStreams.Functions.Tests.Hosting.KafkaPayloadSamples;

namespace ServerlessStreams.Functions.Tests.Hosting;

public class JsonStringEscapingTests
{
    private static readonly Gen<string> AnyText = Gen.Select(Text, Gen.Char.Array[0, 6])
        .Select(t => t.Item1 + new string(t.Item2.Where(c => !char.IsSurrogate(c)).ToArray()));

    [Fact]
    public void Escaping_once_gives_a_json_string_that_reads_back()
    {
        AnyText.Run(text =>
        {
            using var parsed = JsonDocument.Parse(Quoted(text, twice: false));

            Assert.Equal(text, parsed.RootElement.GetString());
        });
    }

    [Fact]
    public void Escaping_twice_gives_a_json_string_holding_the_once_escaped_json_string()
    {
        AnyText.Run(text =>
        {
            using var outer = JsonDocument.Parse(Quoted(text, twice: true));
            using var inner = JsonDocument.Parse("\"" + outer.RootElement.GetString() + "\"");

            Assert.Equal(text, inner.RootElement.GetString());
        });
    }

    [Fact]
    public void Unescaping_reads_what_any_encoder_wrote_as_System_Text_Json_does()
    {
        AnyText.Run(text =>
        {
            foreach (var encoder in new[] { null, Relaxed })
            {
                var json = Utf8(JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = encoder }) + ",");
                var position = 1;
                var destination = new byte[json.Length];

                Assert.True(JsonStringEscaping.TryUnescape(json, ref position, destination, out var written));
                Assert.Equal(text, Encoding.UTF8.GetString(destination, 0, written));
                Assert.Equal(json.Length - 1, position);
            }
        });
    }

    [Fact]
    public void Unescaping_twice_in_one_pass_equals_unescaping_twice_when_it_reads_at_all()
    {
        AnyText.Run(text =>
        {
            foreach (var encoder in new[] { null, Relaxed })
            {
                var options = new JsonSerializerOptions { Encoder = encoder };
                var inner = JsonSerializer.Serialize(text, options);
                var outerContents = Utf8(JsonSerializer.Serialize(inner, options)[1..^1] + "]");
                var position = 2;
                var destination = new byte[outerContents.Length];

                if (!JsonStringEscaping.TryUnescapeTwice(outerContents, ref position, destination, out var written))
                {
                    // Only \u escapes, of either string, are left to unescaping twice.
                    Assert.Contains("\\u", Encoding.UTF8.GetString(outerContents));
                    continue;
                }
                Assert.Equal(text, Encoding.UTF8.GetString(destination, 0, written));
                Assert.Equal(outerContents.Length - 1, position);
            }
        });
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a\u0001b")]
    [InlineData("a\\qb\"")]
    [InlineData("\\u12G4\"")]
    [InlineData("\\ud800\"")]
    [InlineData("\\udc00\"")]
    [InlineData("\\ud800\\u0041\"")]
    [InlineData("\\")]
    public void Unescaping_refuses_what_is_not_a_json_string(string contents)
    {
        var json = Utf8(contents);
        var position = 0;

        Assert.False(JsonStringEscaping.TryUnescape(json, ref position, new byte[json.Length], out _));
    }

    private static string Quoted(string text, bool twice)
    {
        var utf8 = Utf8(text);
        var destination = new byte[utf8.Length * JsonStringEscaping.MaxExpansion];
        var written = JsonStringEscaping.Escape(utf8, destination, twice);
        return "\"" + Encoding.UTF8.GetString(destination, 0, written) + "\"";
    }
}
