using System.Text.Json.Nodes;

namespace ServerlessStreams.Testing.Tests;

/// <summary>Bad records go to the dead letters with their coordinates and a reason; the batch goes on.</summary>
public sealed class DeadLetterTests
{
    [Fact]
    public async Task A_malformed_record_lands_in_DeadLetters_with_its_topic_partition_and_offset_and_processing_goes_on()
    {
        await using var driver = JobTestDriver.Create(Election.Job(), Election.Registry);

        await driver.PipeAsync("votes",
            new TestRecord(Election.Vote("v1", "Alice")) { Offset = 40 },
            new TestRecord("{\"voterId\": \"broken") { Key = "k" },
            Election.Vote("v2", "Bob"));

        var letter = Assert.Single(driver.DeadLetters);
        Assert.Equal("not JSON", letter.Reason);
        Assert.Equal(("votes", 0, 41L), (letter.Source.Topic, letter.Source.Partition, letter.Source.Offset));
        Assert.Equal("k", letter.Key);
        var produced = Assert.Single(driver.Outputs("election-dead-letters"));
        var json = JsonNode.Parse(produced.ValueText)!;
        Assert.Equal("not JSON", json["reason"]!.GetValue<string>());
        Assert.Equal(41, json["offset"]!.GetValue<long>());

        var total = await driver.WindowStateAsync("total-votes");
        Assert.Equal(2, Assert.Single(total["extents"]!.AsArray())!["state"]!.GetValue<long>());
        Assert.Equal(["Alice", "Bob"], driver.Outputs("results").Select(r => JsonNode.Parse(r.ValueText)!["candidate"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_record_without_its_window_key_is_a_dead_letter_of_each_windowed_task_that_needs_it()
    {
        await using var driver = JobTestDriver.Create(Election.Job(), Election.Registry);

        await driver.PipeAsync("votes", """{"voterId":"v1","candidate":"Alice","eventTime":"the day before yesterday"}""");

        Assert.Equal(["all-votes", "by-candidate"], driver.DeadLetters.Select(d => d.Task).Order());
        Assert.All(driver.DeadLetters, d => Assert.Contains("eventTime", d.Reason, StringComparison.Ordinal));
        Assert.All(driver.DeadLetters, d => Assert.Equal(0, d.Source.Offset));
    }
}
