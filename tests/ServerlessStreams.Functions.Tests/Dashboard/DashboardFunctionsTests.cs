using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using ServerlessStreams.Functions.Dashboard;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Tests.Runtime;
using ServerlessStreams.Functions.Tests.Worker;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Dashboard;

/// <summary>The dashboard's page and data on the election job over <see cref="WorkerRig"/>'s in-process stores.</summary>
public sealed class DashboardFunctionsTests : IAsyncDisposable
{
    private readonly FakeLagSource _lag = new();
    private readonly WorkerRig _rig;
    private readonly DashboardFunctions _functions;

    public DashboardFunctionsTests()
    {
        _rig = new WorkerRig(consumerLag: _lag);
        _functions = new DashboardFunctions(new DashboardData(_rig.Components, TimeProvider.System));
    }

    private StreamMetrics Metrics => _rig.Rig.Metrics;

    public ValueTask DisposeAsync() => _rig.Components.DisposeAsync();

    [Fact]
    public void The_catalog_has_the_page_and_its_data_with_function_level_auth()
    {
        var functions = JobFunctionCatalog.For(Fixtures.ElectionSample.Load()).Where(f => f.Name.StartsWith("dashboard", StringComparison.Ordinal)).ToList();

        Assert.Equal(["dashboard", "dashboard-data"], functions.Select(f => f.Name));
        Assert.Equal(["dashboard", "dashboard/data"], functions.Select(f => f.Bindings[0]["route"]!.GetValue<string>()));
        Assert.All(functions, f => Assert.Equal("Function", f.Bindings[0]["authLevel"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_page_is_embedded_html_that_loads_nothing_from_elsewhere()
    {
        var page = Assert.IsType<ContentResult>(await _functions.PageAsync(WorkerRig.Get("/api/dashboard"), new FakeFunctionContext("dashboard")));

        Assert.Equal(200, page.StatusCode);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("dashboard/data", page.Content, StringComparison.Ordinal);
        // The only absolute URL is SVG's namespace name, which is never fetched.
        var urls = System.Text.RegularExpressions.Regex.Matches(page.Content!, "https?://[^\"' ]+").Select(m => m.Value).Distinct();
        Assert.Equal(["http://www.w3.org/2000/svg"], urls);
    }

    [Fact]
    public async Task The_data_has_the_workflow_tasks_and_windows_of_the_job()
    {
        var data = await Data();

        Assert.Equal("election", data["job"]!.GetValue<string>());
        Assert.Equal(3, data["workflow"]!.AsArray().Count);
        Assert.Equal(["votes", "all-votes", "by-candidate", "results"], data["tasks"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.True(data["tasks"]![0]!["ingest"]!.GetValue<bool>());
        Assert.Equal(["total-votes", "votes-per-hour", "votes-per-hour-sliding", "standings"],
            data["windows"]!.AsArray().Select(w => w!["id"]!.GetValue<string>()));
        Assert.True(data["windows"]![1]!["timed"]!.GetValue<bool>());
        Assert.False(data["windows"]![0]!["timed"]!.GetValue<bool>());
        Assert.Null(data["sweeper"]!["lastRun"]);
        Assert.Empty(data["firings"]!.AsArray());
    }

    [Fact]
    public async Task Metrics_show_as_totals_per_task_and_the_last_firings()
    {
        Metrics.RecordsIn("election", "votes", TaskType.Input, 12);
        Metrics.RecordsOut("election", "votes", TaskType.Input, 11);
        Metrics.RecordsIn("election", "by-candidate", TaskType.Function, 11);
        Metrics.RecordsOut("election", "by-candidate", TaskType.Function, 20);
        Metrics.LateRecords("election", "all-votes", 2);
        Metrics.DeadLetters("election", "votes", 1);
        Metrics.WindowsFired("election", "all-votes", "votes-per-hour", "every-10", 2);

        var data = await Data();

        var votes = TaskOf(data, "votes");
        Assert.Equal((12, 11, 1), (votes["recordsIn"]!.GetValue<long>(), votes["recordsOut"]!.GetValue<long>(), votes["deadLetters"]!.GetValue<long>()));
        var byCandidate = TaskOf(data, "by-candidate");
        Assert.Equal((11, 20), (byCandidate["recordsIn"]!.GetValue<long>(), byCandidate["recordsOut"]!.GetValue<long>()));
        Assert.Equal(2, TaskOf(data, "all-votes")["late"]!.GetValue<long>());
        Assert.Null(TaskOf(data, "results")["recordsIn"]);
        var firing = Assert.Single(data["firings"]!.AsArray())!;
        Assert.Equal(("all-votes", "votes-per-hour", 2L), (firing["task"]!.GetValue<string>(), firing["windowId"]!.GetValue<string>(), firing["count"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_stage_shows_records_in_and_out_of_every_task_it_ran_and_the_watermark_of_each_windowed_task()
    {
        var votes = Enumerable.Range(0, 10).Select(i => JobFunctionsTests.Event(i, RuntimeRig.VoteJson($"v{i}", i % 2 == 0 ? "Alice" : "Bob", minute: i))).ToArray();
        await _rig.RunStageAsync(votes);

        var data = await Data();

        // votes pass all ten on; all-votes emits nothing downstream but fires; by-candidate passes the valid votes to results.
        Assert.Equal((10, 10), InOut(data, "votes"));
        var results = _rig.Rig.PublishedTo("vote-results").Count;
        Assert.Equal((results, results), InOut(data, "results"));
        var (byCandidateIn, byCandidateOut) = InOut(data, "by-candidate");
        Assert.Equal((10, results), (byCandidateIn, byCandidateOut));
        var (allVotesIn, allVotesOut) = InOut(data, "all-votes");
        Assert.Equal(10, allVotesIn);
        Assert.Equal(data["firings"]!.AsArray().Where(f => f!["task"]!.GetValue<string>() == "all-votes").Sum(f => f!["count"]!.GetValue<long>()), allVotesOut);
        Assert.True(allVotesOut > 0);
        // The largest event time (08:09) less the rig's maxOutOfOrderness of a day.
        Assert.Equal("2026-11-02T08:09:00.0000000+00:00", TaskOf(data, "all-votes")["watermark"]!.GetValue<string>());
        Assert.True(TaskOf(data, "all-votes")["watermarkLagMs"]!.GetValue<double>() >= 0);
        Assert.Null(TaskOf(data, "votes")["watermark"]);
    }

    [Fact]
    public async Task Each_kafka_triggered_task_shows_its_consumer_groups_lag_from_the_broker()
    {
        _lag.Answer = ConsumerLag.Compute("ss-election-votes", "votes", new Dictionary<int, long> { [0] = 5 },
            new Dictionary<int, long> { [0] = 0, [1] = 0 }, new Dictionary<int, long> { [0] = 12, [1] = 3 });

        var data = await Data();

        var lag = TaskOf(data, "votes")["lag"]!;
        Assert.Equal(10, lag["records"]!.GetValue<long>());
        Assert.Equal([7L, 3L], lag["partitions"]!.AsArray().Select(p => p!["lag"]!.GetValue<long>()));
        Assert.Null(lag["error"]);
        Assert.Equal([("ss-election-votes", "votes")], _lag.Asked);
        Assert.Null(TaskOf(data, "all-votes")["lag"]);
        Assert.Null(TaskOf(data, "results")["lag"]);
    }

    [Fact]
    public async Task A_broker_that_does_not_answer_leaves_the_lag_unknown_and_the_page_answers()
    {
        _lag.Never = true;
        var functions = new DashboardFunctions(new DashboardData(_rig.Components, TimeProvider.System,
            new CachedReadingOptions { Wait = TimeSpan.Zero }));

        var (status, body) = WorkerRig.Read(await functions.DataAsync(WorkerRig.Get("/api/dashboard/data"), new FakeFunctionContext("dashboard-data")));

        Assert.Equal(200, status);
        var lag = body["tasks"]![0]!["lag"]!;
        Assert.Null(lag["records"]);
        Assert.Null(lag["at"]);
    }

    [Fact]
    public async Task A_broker_error_shows_with_the_lag()
    {
        _lag.Failure = new InvalidOperationException("the broker knows no topic 'votes'");

        var lag = TaskOf(await Data(), "votes")["lag"]!;

        Assert.Null(lag["records"]);
        Assert.Equal("the broker knows no topic 'votes'", lag["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_sweeper_run_shows_also_one_that_found_another_instance_holding_the_lease()
    {
        // The first sweep prunes, so it needs the lease: held elsewhere, the run reads and leaves the work to the holder.
        await using (await _rig.Leases.TryAcquireAsync("election/sweeper/0", TimeSpan.FromMinutes(1), CancellationToken.None))
            await _rig.Functions.SweepAsync(new FakeFunctionContext("sweeper"));
        var notSwept = (await Data())["sweeper"]!;
        await _rig.Functions.SweepAsync(new FakeFunctionContext("sweeper"));
        var swept = (await Data())["sweeper"]!;

        Assert.False(notSwept["swept"]!.GetValue<bool>());
        Assert.NotNull(notSwept["lastRun"]);
        Assert.Null(notSwept["lagMs"]);
        Assert.True(swept["swept"]!.GetValue<bool>());
        Assert.NotNull(swept["lagMs"]);
        Assert.True(DateTimeOffset.Parse(swept["lastRun"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            >= DateTimeOffset.Parse(notSwept["lastRun"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Window_extents_come_from_the_windows_views_with_their_values()
    {
        var votes = Enumerable.Range(0, 10).Select(i => JobFunctionsTests.Event(i, RuntimeRig.VoteJson($"v{i}", i % 2 == 0 ? "Alice" : "Bob"))).ToArray();
        await _rig.RunStageAsync(votes);

        var data = await Data();

        var perHour = data["windows"]![1]!;
        Assert.Equal("view VotesPerHour", perHour["source"]!.GetValue<string>());
        Assert.Equal(10, perHour["extents"]!.AsArray().Sum(e => e!["state"]!.GetValue<long>()));
    }

    [Fact]
    public async Task The_dashboard_and_the_stats_function_read_one_set_of_totals()
    {
        var votes = Enumerable.Range(0, 6).Select(i => JobFunctionsTests.Event(i, RuntimeRig.VoteJson($"v{i}", "Alice"))).ToArray();
        await _rig.RunStageAsync(votes);

        var data = await Data();
        var stats = WorkerStats.Parse(Assert.IsType<ContentResult>(
            _rig.Functions.ReadStats(WorkerRig.Get("/api/jobs/election/stats"), new FakeFunctionContext("stats"))).Content!);

        foreach (var task in new[] { "votes", "all-votes", "by-candidate", "results" })
            Assert.Equal((stats.Stream.Tasks[task].RecordsIn, stats.Stream.Tasks[task].RecordsOut), InOut(data, task));
        Assert.Equal(6, stats.Stream.RecordsIn);
    }

    private static JsonNode TaskOf(JsonObject data, string name) =>
        data["tasks"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == name)!;

    private static (long In, long Out) InOut(JsonObject data, string task) =>
        (TaskOf(data, task)["recordsIn"]!.GetValue<long>(), TaskOf(data, task)["recordsOut"]!.GetValue<long>());

    private async Task<JsonObject> Data()
    {
        var result = await _functions.DataAsync(WorkerRig.Get("/api/dashboard/data"), new FakeFunctionContext("dashboard-data"));
        var (status, body) = WorkerRig.Read(result);
        Assert.Equal(200, status);
        return body.AsObject();
    }

    /// <summary>A broker that answers <see cref="Answer"/>, fails with <see cref="Failure"/>, or never answers.</summary>
    private sealed class FakeLagSource : IConsumerLagSource
    {
        public ConsumerLag? Answer { get; set; }
        public Exception? Failure { get; set; }
        public bool Never { get; set; }
        public List<(string Group, string Topic)> Asked { get; } = [];

        public Task<ConsumerLag> ReadAsync(string group, string topic, CancellationToken ct)
        {
            lock (Asked) Asked.Add((group, topic));
            if (Never) return new TaskCompletionSource<ConsumerLag>().Task;
            if (Failure is not null) return Task.FromException<ConsumerLag>(Failure);
            return Task.FromResult(Answer ?? new ConsumerLag(group, topic, []));
        }
    }
}
