using ServerlessStreams.Registry;

namespace ServerlessStreams.Testing.Tests;

/// <summary>
/// A session view shows each session once: when a segment joins two sessions, the merged one is fired under its own
/// extent and the rows of the two it absorbed leave the view (found by the chaos run, where such rows stayed behind).
/// </summary>
public sealed class SessionViewTests
{
    private const string Spec = """
        {
          "name": "visits",
          "workflow": [["clicks", "per-user"]],
          "catalog": [
            {"name": "clicks", "type": "input", "medium": "kafka", "topic": "clicks"},
            {"name": "per-user", "type": "function", "fn": "identity", "groupByKey": "user"}
          ],
          "windows": [
            {"id": "visits", "task": "per-user", "type": "session", "aggregation": "count", "windowKey": "at", "timeoutGap": "5s"}
          ],
          "triggers": [
            {"id": "each", "windowId": "visits", "on": "segment", "threshold": 1, "sync": {"table": "Visits"}}
          ],
          "time": {"maxOutOfOrderness": "1h", "allowedLateness": "1h"}
        }
        """;

    [Fact]
    public async Task A_segment_that_joins_two_sessions_leaves_one_row_holding_all_of_them()
    {
        await using var driver = JobTestDriver.FromJson(Spec, JobRegistry.Default);
        static string Click(string user, int second) => $$"""{"user":"{{user}}","at":"2026-11-03T08:00:{{second:D2}}.000Z"}""";

        await driver.PipeAsync("clicks", Click("ann", 0), Click("ann", 8), Click("bob", 1));
        Assert.Equal(["1", "1"], (await driver.ViewAsync("Visits", groupKey: "ann")).Select(r => r.State));

        await driver.PipeAsync("clicks", Click("ann", 4));

        var ann = Assert.Single(await driver.ViewAsync("Visits", groupKey: "ann"));
        Assert.Equal("3", ann.State);
        Assert.Equal(("\"2026-11-03T08:00:00.000Z\"", "\"2026-11-03T08:00:08.000Z\""), (ann.LowerBound, ann.UpperBound));
        Assert.Equal("1", Assert.Single(await driver.ViewAsync("Visits", groupKey: "bob")).State);
    }
}
