using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Testing.Tests;

/// <summary>Firings reach every sink a trigger's <c>sync</c> names: a Kafka topic and a registered callback here.</summary>
public sealed class FiringSinkTests
{
    private const string Spec = """
        {
          "name": "clicks",
          "workflow": [["clicks", "per-page"]],
          "catalog": [
            {"name": "clicks", "type": "input", "medium": "kafka", "topic": "clicks"},
            {"name": "per-page", "type": "function", "fn": "identity", "groupByKey": "page"}
          ],
          "windows": [
            {"id": "all-time", "task": "per-page", "type": "global", "aggregation": "count", "windowKey": "at"}
          ],
          "triggers": [
            {"id": "every-2", "windowId": "all-time", "on": "segment", "threshold": 2, "sync": {"topic": "page-counts"}},
            {"id": "each-minute", "windowId": "all-time", "on": "timer", "period": "1m", "sync": "remember"}
          ]
        }
        """;

    [Fact]
    public async Task Firings_go_to_their_topic_with_headers_and_to_registered_callbacks()
    {
        var called = new List<Firing>();
        var registry = JobRegistry.Default.AddCallback("remember", (firing, _) =>
        {
            called.Add(firing);
            return ValueTask.CompletedTask;
        });
        await using var driver = JobTestDriver.FromJson(Spec, registry);
        string Click(string page) => $$"""{"page":"{{page}}","at":"{{driver.Now:O}}"}""";

        await driver.PipeAsync("clicks", Click("/a"), Click("/b"), Click("/a"));

        var record = Assert.Single(driver.Outputs("page-counts"));
        Assert.Equal("\"/a\"", record.Key);
        Assert.Equal(2, JsonNode.Parse(record.ValueText)!["state"]!.GetValue<long>());
        Assert.NotNull(record.Header("ss-id"));
        Assert.Empty(called);

        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["\"/a\"", "\"/b\""], called.Select(f => f.GroupKey.Json).Distinct().Order());
        Assert.Equal(2, driver.Firings.Count(f => f.TriggerId == "each-minute"));
    }
}
