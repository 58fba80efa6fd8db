using ServerlessStreams.Testing;
using Xunit;

namespace Election.Tests;

/// <summary>The job in job.json with the functions of Registrations.cs, run in process by the production runtime.</summary>
public sealed class ElectionTests
{
    private static JobTestDriver CreateDriver() =>
        JobTestDriver.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "job.json")), Registrations.Create());

    private static string Vote(string voter, string candidate, string time = "2026-11-03T08:00:00Z") =>
        $$"""{"voterId":"{{voter}}","candidate":"{{candidate}}","eventTime":"{{time}}"}""";

    [Fact]
    public async Task Votes_are_counted_per_candidate_and_in_total()
    {
        await using var driver = CreateDriver();

        await driver.PipeAsync("votes", Vote("v1", "Alice"), Vote("v2", "Bob"), Vote("v3", "Alice"));
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(5));   // the timer triggers write Standings and TotalVotes

        Assert.Equal("2", Assert.Single(await driver.ViewAsync("Standings", groupKey: "Alice")).State);
        Assert.Equal("1", Assert.Single(await driver.ViewAsync("Standings", groupKey: "Bob")).State);
        Assert.Equal("3", Assert.Single(await driver.ViewAsync("TotalVotes")).State);
    }

    [Fact]
    public async Task A_voter_counts_once_however_often_the_vote_arrives()
    {
        await using var driver = CreateDriver();

        await driver.PipeAsync("votes", Vote("v1", "Alice"), Vote("v1", "Alice"), Vote("v1", "Alice"));
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("1", Assert.Single(await driver.ViewAsync("Standings", groupKey: "Alice")).State);
        Assert.Equal("1", Assert.Single(await driver.ViewAsync("TotalVotes")).State);
    }

    [Fact]
    public async Task A_vote_for_an_unknown_candidate_counts_but_is_not_a_result()
    {
        await using var driver = CreateDriver();

        await driver.PipeAsync("votes", Vote("v1", "Mallory"), Vote("v2", "Carol"));
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("1", Assert.Single(await driver.ViewAsync("Standings", groupKey: "Mallory")).State);
        var result = Assert.Single(driver.Outputs("results"));
        Assert.Contains("\"candidate\":\"Carol\"", result.ValueText, StringComparison.Ordinal);
        Assert.Contains("\"valid\":true", result.ValueText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_tenth_vote_refreshes_the_hourly_counts()
    {
        await using var driver = CreateDriver();

        await driver.PipeAsync("votes", Enumerable.Range(0, 10).Select(i => new TestRecord(Vote($"v{i}", "Bob", $"2026-11-03T08:{i:00}:00Z"))));

        var row = Assert.Single(await driver.ViewAsync("VotesPerHour"));
        Assert.Equal("10", row.State);
        Assert.Equal("\"2026-11-03T08:00:00.000Z\"", row.LowerBound);
    }

    [Fact]
    public async Task A_vote_that_is_not_json_goes_to_the_dead_letters()
    {
        await using var driver = CreateDriver();

        await driver.PipeAsync("votes", new TestRecord("{not json") { Partition = 0, Offset = 7 }, new TestRecord(Vote("v1", "Alice")));

        var deadLetter = Assert.Single(driver.DeadLetters);
        Assert.Equal("not JSON", deadLetter.Reason);
        Assert.Equal(7, deadLetter.Source.Offset);
    }
}
