using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServerlessStreams.Functions.Dashboard;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Tests.Runtime;
using ServerlessStreams.Functions.Tests.Worker;
using ServerlessStreams.Functions.Worker;

namespace ServerlessStreams.Functions.Tests.Dashboard;

/// <summary>The dashboard's page and data on the election job over <see cref="WorkerRig"/>'s in-process stores.</summary>
public sealed class DashboardFunctionsTests : IDisposable
{
    private readonly StreamMetrics _metrics = new();
    private readonly DashboardMetrics _dashboardMetrics;
    private readonly WorkerRig _rig = new();
    private readonly DashboardFunctions _functions;

    public DashboardFunctionsTests()
    {
        _dashboardMetrics = new DashboardMetrics(_metrics);
        _functions = new DashboardFunctions(new DashboardData(_rig.Components, _dashboardMetrics));
    }

    public void Dispose()
    {
        _dashboardMetrics.Dispose();
        _metrics.Dispose();
    }

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
    public async Task Metrics_show_as_totals_per_task_the_last_sweep_and_the_last_firings()
    {
        _metrics.RecordsIn("election", "votes", 12);
        _metrics.RecordsOut("election", "votes", 20);
        _metrics.LateRecords("election", "votes", 2);
        _metrics.DeadLetters("election", "votes", 1);
        _metrics.WatermarkLag("election", "votes", TimeSpan.FromSeconds(3));
        _metrics.SweeperLag("election", TimeSpan.FromMilliseconds(40));
        _metrics.WindowsFired("election", "votes", "votes-per-hour", "every-10", 2);

        var data = await Data();

        var votes = data["tasks"]![0]!;
        Assert.Equal(12, votes["recordsIn"]!.GetValue<long>());
        Assert.Equal(20, votes["recordsOut"]!.GetValue<long>());
        Assert.Equal(2, votes["late"]!.GetValue<long>());
        Assert.Equal(1, votes["deadLetters"]!.GetValue<long>());
        Assert.Equal(3000, votes["watermarkLagMs"]!.GetValue<double>());
        Assert.Null(data["tasks"]![1]!["recordsIn"]);
        Assert.NotNull(data["sweeper"]!["lastRun"]);
        Assert.Equal(40, data["sweeper"]!["lagMs"]!.GetValue<double>());
        var firing = Assert.Single(data["firings"]!.AsArray())!;
        Assert.Equal("votes-per-hour", firing["windowId"]!.GetValue<string>());
        Assert.Equal(2, firing["count"]!.GetValue<long>());
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
    public async Task The_dashboards_totals_count_from_the_workers_start_not_from_the_first_page_view()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServerlessStreams(Fixtures.ElectionSample.Load(), ServerlessStreams.App.AppRegistry.Create(), name => name == "KafkaBrokerList" ? "127.0.0.1:9" : null);
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);

        provider.GetRequiredService<StreamMetrics>().RecordsIn("election", "votes", 7);

        Assert.Equal(7, provider.GetRequiredService<DashboardMetrics>().Snapshot().Tasks["votes"].RecordsIn);
    }

    private async Task<JsonObject> Data()
    {
        var result = await _functions.DataAsync(WorkerRig.Get("/api/dashboard/data"), new FakeFunctionContext("dashboard-data"));
        var (status, body) = WorkerRig.Read(result);
        Assert.Equal(200, status);
        return body.AsObject();
    }
}
