using ServerlessStreams.Testing;
using Xunit;

namespace MyJob.Tests;

/// <summary>The job in job.json with the functions of Registrations.cs, run in process by the production runtime.</summary>
public sealed class PageViewsTests
{
    private static JobTestDriver CreateDriver() =>
        JobTestDriver.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "job.json")), Registrations.Create());

    private static string View(string id, string page, string time = "2026-01-01T12:00:00Z") =>
        $$"""{"viewId":"{{id}}","user":"u1","page":"{{page}}","eventTime":"{{time}}"}""";

    [Fact]
    public async Task Views_are_counted_per_normalized_page()
    {
        await using var driver = CreateDriver();

        await driver.PipeAsync("views", View("1", "/Pricing"), View("2", "/pricing?ref=ad"), View("3", "/docs"));
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(5));   // the timer trigger writes ViewsPerPage

        Assert.Equal("2", Assert.Single(await driver.ViewAsync("ViewsPerPage", groupKey: "/pricing")).State);
        Assert.Equal("1", Assert.Single(await driver.ViewAsync("ViewsPerPage", groupKey: "/docs")).State);
    }

    [Fact]
    public async Task A_view_delivered_twice_counts_once()
    {
        await using var driver = CreateDriver();

        await driver.PipeAsync("views", View("1", "/"), View("1", "/"));
        await driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("1", Assert.Single(await driver.ViewAsync("ViewsPerPage", groupKey: "/")).State);
    }

    [Fact]
    public async Task Every_tenth_view_of_a_page_refreshes_its_minute()
    {
        await using var driver = CreateDriver();

        await driver.PipeAsync("views", Enumerable.Range(0, 10).Select(i => new TestRecord(View($"v{i}", "/blog", $"2026-01-01T12:00:{i:00}Z"))));

        var row = Assert.Single(await driver.ViewAsync("ViewsPerMinute", groupKey: "/blog"));
        Assert.Equal("10", row.State);
    }

    [Fact]
    public async Task A_record_that_is_not_json_goes_to_the_dead_letters()
    {
        await using var driver = CreateDriver();

        await driver.PipeAsync("views", new TestRecord("{not json") { Partition = 0, Offset = 7 }, new TestRecord(View("1", "/")));

        var deadLetter = Assert.Single(driver.DeadLetters);
        Assert.Equal("not JSON", deadLetter.Reason);
        Assert.Equal(7, deadLetter.Source.Offset);
    }
}
