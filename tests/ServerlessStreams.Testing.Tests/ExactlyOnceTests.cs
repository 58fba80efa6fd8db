using System.Text.Json.Nodes;

namespace ServerlessStreams.Testing.Tests;

/// <summary>A batch delivered again (same offsets), as Kafka redelivers after a failed invocation, changes no window.</summary>
public sealed class ExactlyOnceTests
{
    [Fact]
    public async Task Redelivering_the_same_batch_changes_no_window()
    {
        await using var driver = JobTestDriver.Create(Election.Job(), Election.Registry);
        var batch = Enumerable.Range(0, 30)
            .Select(i => new TestRecord(Election.Vote($"v{i}", i % 3 == 0 ? "Alice" : "Bob", $"2026-11-03T08:{i:D2}:00Z")) { Offset = 100 + i })
            .ToList();

        await driver.PipeAsync("votes", batch);
        var before = await StatesAsync(driver);
        var firings = driver.Firings.Count;

        var again = await driver.PipeAsync("votes", batch);

        Assert.Equal(before, await StatesAsync(driver));
        Assert.Equal(firings, driver.Firings.Count);
        Assert.All(again, outcome => Assert.Equal(0, outcome.Applied));
        // The stage, then the keyed sides of both windowed tasks: they got the stage's records again, at new offsets of
        // their internal topics, and skipped them by their origin.
        Assert.Equal(3, again.Count);
        Assert.Equal(60, again.Skip(1).Sum(o => o.Records));
    }

    private static async Task<string> StatesAsync(JobTestDriver driver)
    {
        var states = new JsonArray();
        foreach (var (window, key) in new[] { ("total-votes", (string?)null), ("votes-per-hour", null), ("votes-per-hour-sliding", null),
                     ("standings", "Alice"), ("standings", "Bob") })
            states.Add(await driver.WindowStateAsync(window, key));
        return states.ToJsonString();
    }
}
