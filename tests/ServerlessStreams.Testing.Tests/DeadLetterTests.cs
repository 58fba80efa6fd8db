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

    [Fact]
    public async Task A_function_that_throws_sends_its_record_to_the_dead_letters_with_the_message_and_the_batch_goes_on()
    {
        var registry = Election.Registry.AddFunction("election/check-vote", vote =>
            vote["candidate"]!.GetValue<string>() == "Mallory" ? throw new InvalidOperationException("no such candidate") : [vote]);
        await using var driver = JobTestDriver.Create(Election.Job(), registry);

        await driver.PipeAsync("votes", Election.Vote("v1", "Alice"), Election.Vote("v2", "Mallory"), Election.Vote("v3", "Bob"));

        var letter = Assert.Single(driver.DeadLetters);
        Assert.Equal(("by-candidate", 1L), (letter.Task, letter.Source.Offset));
        Assert.Contains("no such candidate", letter.Reason, StringComparison.Ordinal);
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["\"Alice\"", "\"Bob\""], (await driver.ViewAsync("Standings")).Select(r => r.GroupKey));
        Assert.Equal("3", Assert.Single(await driver.ViewAsync("TotalVotes")).State);
    }
}
