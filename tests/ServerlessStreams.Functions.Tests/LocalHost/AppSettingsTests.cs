using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Functions.Tests.LocalHost;

public class AppSettingsTests
{
    private static readonly AppSettings Settings = new(new Dictionary<string, string>
    {
        ["KafkaBrokerList"] = "127.0.0.1:9092",
        ["Topic_votes"] = "votes",
        ["Empty"] = "",
    });

    [Theory]
    [InlineData("%KafkaBrokerList%", "127.0.0.1:9092")]
    [InlineData("literal", "literal")]
    [InlineData("pre-%Topic_votes%-%Topic_votes%", "pre-votes-votes")]
    [InlineData("%Empty%", "")]
    public void Resolve_replaces_references(string value, string expected)
    {
        Assert.Equal(expected, Settings.Resolve(value, "here"));
    }

    [Fact]
    public void A_missing_setting_is_named_with_the_place()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Settings.Resolve("%Topic_results%", "function 'stage-results' kafkaTrigger topic"));

        Assert.Equal("function 'stage-results' kafkaTrigger topic: app setting 'Topic_results' is not set", error.Message);
    }

    [Fact]
    public void An_unclosed_reference_is_an_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Settings.Resolve("%Topic_votes", "here"));

        Assert.Contains("unclosed", error.Message);
    }
}
