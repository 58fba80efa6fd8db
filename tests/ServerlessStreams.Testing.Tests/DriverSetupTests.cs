using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Testing.Tests;

/// <summary>How a driver is made and what it refuses, with errors that name the place.</summary>
public sealed class DriverSetupTests
{
    [Fact]
    public async Task A_driver_from_the_spec_JSON_runs_the_apps_registrations()
    {
        await using var driver = JobTestDriver.FromJson(Election.SpecJson, Election.Registry);

        await driver.PipeAsync("votes", Election.Vote("v1", "Mallory"), Election.Vote("v2", "Alice"));

        // election/check-vote marks Mallory invalid, and the flow condition keeps invalid votes from the results.
        var result = Assert.Single(driver.Outputs("results"));
        Assert.Contains("\"valid\":true", result.ValueText, StringComparison.Ordinal);
        Assert.Equal("votes/0/1#0", result.Header("ss-id"));
        Assert.Equal(["vote-results"], driver.OutputTopics);
    }

    [Fact]
    public void An_invalid_spec_is_refused_with_the_JSON_path_of_each_problem()
    {
        var spec = Election.SpecJson.Replace("\"election/check-vote\"", "\"no-such-function\"", StringComparison.Ordinal);

        var error = Assert.Throws<JobSpecException>(() => JobTestDriver.FromJson(spec, Election.Registry));

        Assert.Contains("$.catalog[2].fn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_built_in_CSharp_is_validated_as_a_document_is()
    {
        var job = Election.Job() with { Windows = [.. Election.Job().Windows.Select(w => w.Id == "standings" ? w with { Task = "no-such-task" } : w)] };

        var error = Assert.Throws<JobSpecException>(() => JobTestDriver.Create(job, Election.Registry));

        Assert.Contains("$.windows[3].task", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Piping_into_what_is_not_an_input_names_the_inputs()
    {
        await using var driver = JobTestDriver.Create(Election.Job(), Election.Registry);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => driver.PipeAsync("all-votes", "{}"));

        Assert.Contains("'votes' (topic 'votes')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_for_a_partition_the_topic_lacks_is_refused_before_anything_runs()
    {
        await using var driver = JobTestDriver.Create(Election.Job(), Election.Registry);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            driver.PipeAsync("votes", Election.Vote("v1", "Alice"), new TestRecord(Election.Vote("v2", "Bob")) { Partition = 1 }));

        Assert.Contains("partition 1 of topic 'votes', which has 1 partition", error.Message, StringComparison.Ordinal);
        Assert.Empty(driver.Firings);
        Assert.Empty(driver.OutputTopics);
    }

    [Fact]
    public async Task Processing_time_starts_where_the_options_say_and_never_goes_back()
    {
        var start = new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.Zero);
        await using var driver = JobTestDriver.Create(Election.Job(), JobRegistry.Default.AddFunction("election/check-vote", v => [v]),
            new JobTestDriverOptions { StartTime = start });

        Assert.Equal(start, driver.Now);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => driver.AdvanceProcessingTimeAsync(TimeSpan.FromSeconds(-1)));
    }
}
