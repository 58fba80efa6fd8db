using Election;

namespace ServerlessStreams.Testing.Tests;

/// <summary>The example of docs/testing.md, as written there.</summary>
public sealed class DocumentedExampleTests
{
    [Fact]
    public async Task Votes_are_counted_per_candidate()
    {
        var spec = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "job.json"));
        await using var driver = JobTestDriver.FromJson(spec, Registrations.Create());   // or Create(jobSpec, registry)

        await driver.PipeAsync("votes",
            """{"voterId":"v1","candidate":"Alice","eventTime":"2026-11-03T08:00:00Z"}""",
            new TestRecord("{not json") { Partition = 0, Offset = 7, Key = "k" });
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(5));              // timer triggers fire

        Assert.Equal("1", Assert.Single(await driver.ViewAsync("Standings", groupKey: "Alice")).State);
        Assert.Equal("not JSON", Assert.Single(driver.DeadLetters).Reason);            // with topic/partition/offset
        Assert.Single(driver.Outputs("vote-results"));
    }
}
