using System.Text.Json.Nodes;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Testing.Tests;

/// <summary>Records behind the watermark by more than the allowed lateness go to the late sink, counted, never dropped.</summary>
public sealed class LateRecordTests
{
    /// <summary>Counts per sensor and minute; the watermark is the largest event time seen (no out-of-orderness, no lateness allowed).</summary>
    private const string Spec = """
        {
          "name": "sensors",
          "workflow": [["readings", "per-sensor"]],
          "catalog": [
            {"name": "readings", "type": "input", "medium": "kafka", "topic": "readings"},
            {"name": "per-sensor", "type": "function", "fn": "identity", "groupByKey": "sensor"}
          ],
          "windows": [
            {"id": "per-minute", "task": "per-sensor", "type": "fixed", "aggregation": "count", "windowKey": "at", "range": "1m"}
          ],
          "triggers": [
            {"id": "closed", "windowId": "per-minute", "on": "watermark", "sync": {"table": "PerMinute"}}
          ],
          "time": {"maxOutOfOrderness": "0s", "allowedLateness": "0s", "idleTimeout": "1m"},
          "lateData": {"topic": "sensors-late"}
        }
        """;

    private static string Reading(string sensor, string at) => $$"""{"sensor":"{{sensor}}","at":"2026-11-03T{{at}}Z"}""";

    [Fact]
    public async Task A_record_behind_the_watermark_lands_in_Late()
    {
        await using var driver = JobTestDriver.FromJson(Spec, JobRegistry.Default);

        await driver.PipeAsync("readings", Reading("a", "10:05:00"));
        await driver.PipeAsync("readings", Reading("a", "10:00:30"));

        var late = Assert.Single(driver.Late);
        Assert.Equal("late", late.Reason);
        Assert.Equal(("readings", 0, 1L), (late.Source.Topic, late.Source.Partition, late.Source.Offset));
        Assert.Empty(driver.DeadLetters);
        var produced = Assert.Single(driver.Outputs("sensors-late"));
        Assert.Equal("late", JsonNode.Parse(produced.ValueText)!["reason"]!.GetValue<string>());
        var state = await driver.WindowStateAsync("per-minute", "a");
        Assert.Equal(1, Assert.Single(state["extents"]!.AsArray())!["state"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_idle_partition_stops_holding_the_watermark_back_after_the_idle_timeout_of_processing_time()
    {
        await using var driver = JobTestDriver.FromJson(Spec, JobRegistry.Default, new JobTestDriverOptions { Partitions = 2 });

        await driver.PipeAsync("readings", Reading("a", "10:00:10"), Reading("a", "10:03:00"));
        // Partition 1 has had no data: it holds the watermark back, so no minute has closed.
        Assert.Null(await driver.WatermarkAsync("per-sensor"));
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(59));
        Assert.Empty(driver.Firings);

        // Past the idle timeout every partition is idle: the watermark moves to the largest time seen and the sweeper
        // fires the minute that closed.
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(DateTimeOffset.Parse("2026-11-03T10:03:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            await driver.WatermarkAsync("per-sensor"));
        var fired = Assert.Single(driver.FiringLines());
        Assert.Equal("2026-11-03T10:00:00.000Z", fired["lowerBound"]!.GetValue<string>());
        Assert.Equal(1, fired["state"]!.GetValue<long>());
        Assert.Single(await driver.ViewAsync("PerMinute", groupKey: "a"));
    }
}
