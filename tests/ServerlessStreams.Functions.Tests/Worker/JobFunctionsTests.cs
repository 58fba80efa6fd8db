using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Tests.Runtime;
using ServerlessStreams.Functions.Worker;

namespace ServerlessStreams.Functions.Tests.Worker;

public sealed class JobFunctionsTests
{
    /// <summary>A record of the votes topic.</summary>
    internal static KafkaEventRecord Event(long offset, string value) =>
        new("votes", 0, offset, DateTimeOffset.Parse("2026-11-03T08:00:00Z").ToUnixTimeMilliseconds(), null, value);

    private static KafkaEventRecord[] Votes(int count, string candidate = "Alice") =>
        Enumerable.Range(0, count).Select(i => Event(i, RuntimeRig.VoteJson($"v{i}", candidate))).ToArray();

    [Fact]
    public async Task A_stage_function_finds_its_task_by_name_and_applies_the_batch()
    {
        var rig = new WorkerRig();

        await rig.RunStageAsync(Votes(2));

        var (status, body) = WorkerRig.Read(await rig.Functions.QueryWindowAsync(
            WorkerRig.Get("/api/jobs/election/windows/standings/keys/Alice"), new FakeFunctionContext("query")));
        Assert.Equal(200, status);
        Assert.Equal(2, body["extents"]![0]!["state"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_batch_as_the_host_sends_it_is_decoded_and_applied_with_deterministic_output_ids()
    {
        var rig = new WorkerRig();

        await rig.RunStageAsync([RuntimeRig.Vote(0, RuntimeRig.VoteJson("v1", "Carol"))]);

        var (_, body) = WorkerRig.Read(await rig.Functions.QueryWindowAsync(
            WorkerRig.Get("/api/jobs/election/windows/standings/keys/Carol"), new FakeFunctionContext("query")));
        Assert.Equal(1, body["extents"]![0]!["state"]!.GetValue<long>());
        Assert.Equal("votes/0/0#0", rig.Rig.PublishedTo("vote-results")[0].Id!.Value.Value);
    }

    [Fact]
    public async Task A_record_that_cannot_be_processed_goes_to_the_dead_letters_with_its_coordinates_and_the_batch_goes_on()
    {
        var rig = new WorkerRig();
        KafkaEventRecord[] batch = [Event(0, "not json"), Event(1, RuntimeRig.VoteJson("v1", "Alice"))];

        await rig.RunStageAsync(batch);

        var dead = Assert.Single(rig.Rig.PublishedTo("election-dead-letters"));
        var letter = JsonNode.Parse(dead.Value.Span)!;
        Assert.Equal("votes", letter["topic"]!.GetValue<string>());
        Assert.Equal(0, letter["offset"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_infrastructure_failure_fails_the_invocation()
    {
        var rig = new WorkerRig(_ => throw new InvalidOperationException("broker down"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => rig.RunStageAsync(Votes(1)));

        Assert.Equal("broker down", error.Message);
    }

    [Fact]
    public async Task Metadata_that_does_not_describe_the_records_fails_only_that_invocation_naming_the_place()
    {
        var rig = new WorkerRig();
        var (values, metadata) = KafkaRecordSamples.HostBatch(Votes(3));
        metadata["TimestampArray"] = """["2026-11-03T08:00:00Z","2026-11-03T08:00:00Z","yesterday"]""";

        var error = await Assert.ThrowsAsync<MalformedKafkaEventException>(
            () => rig.Functions.RunStageAsync(values, new FakeFunctionContext("stage-votes", metadata)));

        Assert.StartsWith("TimestampArray[2]: is not an ISO-8601 time", error.Message);
        Assert.Empty(rig.Rig.Publisher.Records);
        await rig.RunStageAsync(Votes(3));
    }

    [Fact]
    public async Task A_function_that_is_not_a_stage_is_refused()
    {
        var rig = new WorkerRig();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => rig.RunStageAsync(Votes(1), "stage-nope"));

        Assert.Contains("stage-votes", error.Message);
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("%22Alice%22")]
    public async Task The_window_query_takes_the_key_as_plain_text_or_json_from_binding_data_or_path(string key)
    {
        var rig = new WorkerRig();
        await rig.RunStageAsync(Votes(2));
        var fromData = new FakeFunctionContext("query", new Dictionary<string, object?>
        {
            ["job"] = "election", ["window"] = "standings", ["key"] = Uri.UnescapeDataString(key),
        });

        var (pathStatus, pathBody) = WorkerRig.Read(await rig.Functions.QueryWindowAsync(
            WorkerRig.Get($"/api/jobs/election/windows/standings/keys/{key}"), new FakeFunctionContext("query")));
        var (dataStatus, dataBody) = WorkerRig.Read(await rig.Functions.QueryWindowAsync(WorkerRig.Get("/"), fromData));

        Assert.Equal(200, pathStatus);
        Assert.Equal(200, dataStatus);
        Assert.True(JsonNode.DeepEquals(pathBody, dataBody));
    }

    [Theory]
    [InlineData("/api/jobs/election/windows/nope/keys/Alice", 404)]
    [InlineData("/api/jobs/other/windows/standings/keys/Alice", 404)]
    [InlineData("/api/jobs/election/windows/standings/keys/Alice?extent=x", 400)]
    [InlineData("/api/elsewhere", 400)]
    public async Task The_window_query_answers_errors_with_a_status_and_a_message(string path, int expected)
    {
        var rig = new WorkerRig();

        var (status, body) = WorkerRig.Read(await rig.Functions.QueryWindowAsync(WorkerRig.Get(path), new FakeFunctionContext("query")));

        Assert.Equal(expected, status);
        Assert.False(string.IsNullOrEmpty(body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_views_function_returns_a_table_views_rows_as_json_values()
    {
        var rig = new WorkerRig();
        await rig.RunStageAsync(Votes(10));

        var (status, body) = WorkerRig.Read(await rig.Functions.ReadViewAsync(
            WorkerRig.Get("/api/jobs/election/views/VotesPerHour"), new FakeFunctionContext("views")));

        Assert.Equal(200, status);
        var row = Assert.Single(body.AsArray())!;
        Assert.Equal("votes-per-hour", row["windowId"]!.GetValue<string>());
        Assert.Equal("every-10", row["triggerId"]!.GetValue<string>());
        Assert.Equal(10, row["state"]!.GetValue<long>());
        Assert.Equal("2026-11-03T08:00:00.000Z", row["lowerBound"]!.GetValue<string>());
        Assert.Equal("2026-11-03T08:59:59.999Z", row["upperBound"]!.GetValue<string>());
        Assert.Null(row["groupKey"]);
        Assert.True(row["version"]!.GetValue<long>() >= 1);
        Assert.True(row["extentId"]!.GetValue<long>() >= 0);
    }

    [Theory]
    [InlineData("/api/jobs/election/views/Nope", 404)]
    [InlineData("/api/jobs/other/views/VotesPerHour", 404)]
    [InlineData("/api/jobs/election/views/VotesPerHour?window=standings", 404)]
    public async Task The_views_function_answers_errors_with_a_status_and_a_message(string path, int expected)
    {
        var rig = new WorkerRig();

        var (status, body) = WorkerRig.Read(await rig.Functions.ReadViewAsync(WorkerRig.Get(path), new FakeFunctionContext("views")));

        Assert.Equal(expected, status);
        Assert.False(string.IsNullOrEmpty(body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_empty_view_is_an_empty_array()
    {
        var rig = new WorkerRig();

        var (status, body) = WorkerRig.Read(await rig.Functions.ReadViewAsync(
            WorkerRig.Get("/api/jobs/election/views/Standings?key=%22Alice%22"), new FakeFunctionContext("views")));

        Assert.Equal(200, status);
        Assert.Empty(body.AsArray());
    }

    [Fact]
    public async Task Health_names_the_job()
    {
        var rig = new WorkerRig();

        var (status, body) = WorkerRig.Read(rig.Functions.Health(WorkerRig.Get("/api/health")));

        Assert.Equal(200, status);
        Assert.Equal("election", body["job"]!.GetValue<string>());
        await rig.Components.DisposeAsync();
    }

    [Fact]
    public void The_binding_name_of_the_batch_is_the_entry_points_parameter()
    {
        var parameter = typeof(JobFunctions).GetMethod(nameof(JobFunctions.RunStageAsync))!.GetParameters()[0];

        Assert.Equal(JobFunctionCatalog.KafkaEventsParameter, parameter.Name);
        Assert.Equal(typeof(byte[][]), parameter.ParameterType);
    }

    [Fact]
    public async Task The_stats_function_returns_this_workers_store_counters_and_stream_totals()
    {
        var rig = new WorkerRig();
        await rig.RunStageAsync(Votes(10));

        var result = rig.Functions.ReadStats(WorkerRig.Get("/api/jobs/election/stats"), new FakeFunctionContext("stats"));

        var content = Assert.IsType<Microsoft.AspNetCore.Mvc.ContentResult>(result);
        Assert.Equal(200, content.StatusCode);
        var stats = WorkerStats.Parse(content.Content!);
        Assert.Equal("election", stats.Job);
        Assert.Equal(10, stats.Stream.RecordsIn);
        // The stage's batch and one batch of each repartitioned task's keyed function; each task took the 10 votes in.
        Assert.Equal(3, stats.Stream.Batches);
        Assert.Equal(10, stats.Stream.Tasks["all-votes"].RecordsIn);
        Assert.Equal(10, stats.Stream.Tasks["by-candidate"].RecordsIn);
        Assert.Equal(1, stats.Stream.WindowsFired);
        Assert.Equal(rig.Rig.Store.Counters.Snapshot(), stats.Store);
        Assert.True(stats.Store.Transactions > 0);
    }

    [Fact]
    public void The_stats_function_answers_404_for_another_job()
    {
        var rig = new WorkerRig();

        var (status, body) = WorkerRig.Read(rig.Functions.ReadStats(WorkerRig.Get("/api/jobs/other/stats"), new FakeFunctionContext("stats")));

        Assert.Equal(404, status);
        Assert.Contains("'election'", body["error"]!.GetValue<string>());
    }
}
