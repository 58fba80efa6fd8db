using System.Globalization;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Testing.Tests;

/// <summary>What a piped record carries besides its value reaches the runtime as a Kafka trigger would deliver it.</summary>
public sealed class RecordCoordinatesTests
{
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
          ]
        }
        """;

    [Fact]
    public async Task A_record_without_its_window_key_takes_its_timestamp_as_event_time()
    {
        await using var driver = JobTestDriver.FromJson(Spec, JobRegistry.Default);
        var at = DateTimeOffset.Parse("2026-11-03T10:00:30Z", CultureInfo.InvariantCulture);

        await driver.PipeAsync("readings", new TestRecord("""{"sensor":"a"}""") { Timestamp = at });

        var extent = Assert.Single((await driver.WindowStateAsync("per-minute", "a"))["extents"]!.AsArray())!;
        Assert.Equal("2026-11-03T10:00:00.000Z", extent["lowerBound"]!.GetValue<string>());
        Assert.Equal(at.ToUnixTimeMilliseconds() - driver.Job.Time.MaxOutOfOrderness.TotalMilliseconds, await driver.WatermarkAsync("per-sensor"));
    }

    [Fact]
    public async Task Offsets_count_per_partition_and_the_segment_id_header_names_the_record()
    {
        await using var driver = JobTestDriver.FromJson(Spec, JobRegistry.Default, new JobTestDriverOptions { Partitions = 2 });

        await driver.PipeAsync("readings",
            new TestRecord("not json") { Partition = 1 },
            new TestRecord("not json") { Partition = 1, Offset = 10 },
            new TestRecord("not json") { Partition = 1 },
            new TestRecord("not json") { Partition = 0 },
            new TestRecord("not json").WithHeader("ss-id", "upstream/7"));

        Assert.Equal(["readings/1@0", "readings/1@10", "readings/1@11", "readings/0@0", "readings/0@1"],
            driver.DeadLetters.Select(d => d.Source.ToString()));
        Assert.Equal("upstream/7", driver.DeadLetters[^1].SegmentId?.Value);
    }
}
