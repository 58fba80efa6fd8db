namespace ServerlessStreams.Testing.Tests;

/// <summary>Timer triggers fire on processing time, which only the test moves.</summary>
public sealed class TimerTriggerTests
{
    [Fact]
    public async Task A_timer_trigger_fires_only_when_processing_time_is_advanced()
    {
        await using var driver = JobTestDriver.Create(Election.Job(), Election.Registry);

        await driver.PipeAsync("votes", Election.Vote("v1", "Alice"), Election.Vote("v2", "Bob"));
        Assert.DoesNotContain(driver.Firings, f => f.TriggerId is "every-5s" or "leader");
        Assert.Empty(await driver.ViewAsync("TotalVotes"));

        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(4));
        Assert.DoesNotContain(driver.Firings, f => f.TriggerId is "every-5s" or "leader");

        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(1));
        var total = Assert.Single(driver.Firings, f => f.TriggerId == "every-5s");
        Assert.Equal(2, total.State!.GetValue<long>());
        Assert.Equal(2, driver.Firings.Count(f => f.TriggerId == "leader"));
        Assert.Equal("2", Assert.Single(await driver.ViewAsync("TotalVotes")).State);

        // New records alone fire no timer; the next period does, with the new count.
        await driver.PipeAsync("votes", Election.Vote("v3", "Alice"));
        Assert.Single(driver.Firings, f => f.TriggerId == "every-5s");
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([2L, 3L], driver.Firings.Where(f => f.TriggerId == "every-5s").Select(f => f.State!.GetValue<long>()));
        Assert.Equal("3", Assert.Single(await driver.ViewAsync("TotalVotes")).State);
    }

    [Fact]
    public async Task The_sweeper_runs_at_every_tick_of_its_schedule()
    {
        await using var driver = JobTestDriver.Create(Election.Job(), Election.Registry);
        var start = driver.Now;

        var sweeps = await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(12));

        // Every 5 s (the job's smallest timer period), then once at the end.
        Assert.Equal(3, sweeps.Count);
        Assert.Equal(start + TimeSpan.FromSeconds(12), driver.Now);
    }
}
