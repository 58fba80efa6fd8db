using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Hosting;

public class TimerTriggerPayloadTests
{
    [Fact]
    public void Encode_has_the_shape_of_the_fixture()
    {
        var fixture = FixtureFiles.ReadJson("timer.json");

        var payload = TimerTriggerPayload.Encode("timer", "sweeper",
            DateTimeOffset.Parse("2026-03-16T12:00:00Z"), DateTimeOffset.Parse("2026-03-16T11:59:55Z"), DateTimeOffset.Parse("2026-03-16T12:00:05Z"));
        using var encoded = JsonDocument.Parse(payload.ToJsonString());

        var expected = fixture.GetProperty("Data").GetProperty("timer");
        var actual = encoded.RootElement.GetProperty("Data").GetProperty("timer");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.GetRawText()), JsonNode.Parse(actual.GetRawText())), actual.GetRawText());
        Assert.Equal("sweeper", encoded.RootElement.GetProperty("Metadata").GetProperty("sys").GetProperty("MethodName").GetString());
    }

    [Fact]
    public void IsPastDue_reads_the_flag()
    {
        using var late = JsonDocument.Parse("{\"IsPastDue\":true}");

        Assert.True(TimerTriggerPayload.IsPastDue(late.RootElement));
        Assert.False(TimerTriggerPayload.IsPastDue(FixtureFiles.ReadJson("timer.json").GetProperty("Data").GetProperty("timer")));
    }
}
