using System.Text.Json.Nodes;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Testing.Tests;

/// <summary>
/// A seeded mix of hostile and valid records (<see cref="HostileRecords"/>) through the production runtime in process,
/// with the group key as the Kafka key (no hop) and through the internal topic: every bad record reaches the dead
/// letters with its coordinates and a reason naming the problem, no batch fails, every record is processed, dead-lettered
/// or late exactly once, and the windows hold what an oracle counts from the valid records. A failure names its seed.
/// </summary>
public sealed class HostileRecordFuzzTests
{
    private const string Topic = "hostile-events";

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public async Task A_seeded_hostile_mix_is_dead_lettered_exactly_and_the_valid_records_count_exactly(int seed, bool keyedByUser)
    {
        var records = HostileRecords.Generate(seed, 300, new HostileLimits());
        try
        {
            await RunAsync(records, seed, keyedByUser);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"hostile mix seed {seed} (keyedByUser {keyedByUser}) failed: {e}");
        }
    }

    private static async Task RunAsync(List<HostileRecord> records, int seed, bool keyedByUser)
    {
        await using var driver = JobTestDriver.FromJson(HostileRecords.JobJson(keyedByUser), new JobRegistry());
        var anchor = HostileRecords.Anchor();
        await driver.PipeAsync("events", ToTestRecord(anchor, 0));

        var batchSize = new Random(seed).Next(7, 60);
        var outcomes = await driver.PipeAsync("events", records.Select((r, i) => ToTestRecord(r, i + 1)), batchSize);

        var byOffset = records.Select((r, i) => (Offset: (long)(i + 1), Record: r)).ToDictionary(p => p.Offset, p => p.Record);
        Assert.All(driver.DeadLetters.Concat(driver.Late), l => Assert.Equal((Topic, 0), (l.Source.Topic, l.Source.Partition)));
        HostileRecordAssertions.Exactly(HostileExpectation.DeadLetter, driver.DeadLetters.Select(l => (l.Source.Offset, l.Reason)), byOffset);
        HostileRecordAssertions.Exactly(HostileExpectation.Late, driver.Late.Select(l => (l.Source.Offset, l.Reason)), byOffset);
        var processed = records.Count(r => r.Expect == HostileExpectation.Processed);
        Assert.Equal(records.Count, processed + driver.DeadLetters.Count + driver.Late.Count);
        Assert.Equal(processed, outcomes.Sum(o => o.Applied));
        Assert.Equal(driver.DeadLetters.Count + driver.Late.Count,
            driver.Outputs("hostile-dead-letters").Count + driver.Outputs("hostile-late").Count);

        // What production sends there must fit a Kafka record, however large or escaped the record it describes.
        var tooLarge = driver.Outputs("hostile-dead-letters").Concat(driver.Outputs("hostile-late"))
            .Where(r => r.Value.Length + System.Text.Encoding.UTF8.GetByteCount(r.Key ?? "") > HostileLimits.KafkaMessageBytes)
            .Select(r => $"{r.Value.Length} bytes with a key of {r.Key?.Length} chars").ToList();
        Assert.True(tooLarge.Count == 0, $"dead letters that do not fit a Kafka record: {string.Join(", ", tooLarge)}");

        var expected = HostileRecords.Expected([anchor, .. records]);
        foreach (var user in expected.Keys.Select(k => k.User).Distinct())
        {
            var key = System.Text.Json.JsonSerializer.Serialize(user);
            Assert.Equal(HostileRecordAssertions.Extents(expected, user, e => e.Count), await StateAsync(driver, "count-per-minute", key));
            Assert.Equal(HostileRecordAssertions.Extents(expected, user, e => e.Sum), await StateAsync(driver, "sum-per-minute", key));
        }
    }

    private static async Task<List<(long Minute, long Value)>> StateAsync(JobTestDriver driver, string window, string key)
    {
        var state = await driver.WindowStateAsync(window, key);
        return [.. state["extents"]!.AsArray().Select(e => (
            DateTimeOffset.Parse(e!["lowerBound"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() / HostileRecords.Minute,
            (long)double.Parse(e["state"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture))).OrderBy(e => e.Item1)];
    }

    private static TestRecord ToTestRecord(HostileRecord record, long offset) => new(record.Value)
    {
        Key = record.Key ?? (record.User is { } user ? user : null),
        Offset = offset,
        Headers = record.Headers,
    };
}
