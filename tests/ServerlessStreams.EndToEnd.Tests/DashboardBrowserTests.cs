using System.Net;
using System.Text;
using Microsoft.Playwright;
using ServerlessStreams.App.Samples;
using ServerlessStreams.Functions.Local;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>
/// The dashboard in a real browser: the system's Chromium (the Debian package), headless, driven by Playwright, on
/// the election job run by the local host, reached through its loopback HTTP proxy. Saves docs/dashboard.png.
/// </summary>
public sealed class DashboardBrowserTests
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly LocalPipelineOptions Fast = new()
    {
        MaxBatchWait = TimeSpan.FromMilliseconds(100),
        ConsumerSessionTimeout = TimeSpan.FromSeconds(6),
    };

    [Fact]
    public async Task The_page_shows_the_jobs_tasks_and_windows_and_counts_votes_ingested_while_it_is_open()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the Debian package chromium (apt-get install -y chromium)");
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with { PrometheusPort = 0 });
        var address = await pipeline.StartHttpProxyAsync();
        pipeline.StartTriggers();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.SetDefaultTimeout(60_000);

        var response = await page.GotoAsync(new Uri(address, "api/dashboard").ToString());
        Assert.Equal(200, response!.Status);
        await page.WaitForSelectorAsync("body[data-polls]");

        Assert.Equal("election", await page.TextContentAsync("#job"));
        foreach (var task in new[] { "votes", "all-votes", "by-candidate", "results" })
        {
            Assert.Equal(1, await page.Locator($"#tasks tr[data-task='{task}']").CountAsync());
            Assert.Equal(1, await page.Locator($"#workflow g[data-task='{task}']").CountAsync());
        }
        foreach (var window in new[] { "total-votes", "votes-per-hour", "votes-per-hour-sliding", "standings" })
            Assert.Equal(1, await page.Locator($"#windows [data-window='{window}']").CountAsync());
        Assert.Equal("–", await page.TextContentAsync("#records-in-votes"));

        var votes = VoteGenerator.Generate(200, seed: 31).Where(IngestionPipelineTests.Ingestible).ToList();
        using (var http = new HttpClient { BaseAddress = address })
        {
            using var content = new StringContent(string.Join('\n', votes), Encoding.UTF8, "application/x-ndjson");
            using var ingested = await http.PostAsync("api/ingest/votes", content);
            Assert.Equal(HttpStatusCode.Accepted, ingested.StatusCode);
        }

        // The stage reads the votes, the page's next polls show them, and a segment trigger's firing fills a view.
        Assert.InRange(votes.Count, 1, 999); // shown without a thousands separator
        await page.WaitForFunctionAsync($"() => document.querySelector('#records-in-votes').textContent === '{votes.Count}'");
        await page.WaitForSelectorAsync("[data-window='votes-per-hour'] svg rect.bar");
        await page.WaitForSelectorAsync("#firings tbody tr");

        var screenshot = Path.Combine(RepositoryRoot(), "docs", "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 0);
        Assert.Empty(problems);

        // The same counts, scraped from the worker in the Prometheus text format.
        using var scraper = new HttpClient();
        var metrics = await scraper.GetStringAsync(pipeline.PrometheusEndpoint);
        var recordsIn = Assert.Single(metrics.Split('\n'), l => l.StartsWith("serverlessstreams_records_in_total{", StringComparison.Ordinal) && l.Contains("task=\"votes\"", StringComparison.Ordinal));
        Assert.EndsWith($" {votes.Count}", recordsIn.Split(' ', 3) is [var name, var value, ..] ? $"{name} {value}" : recordsIn, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) return dir.FullName;
        throw new DirectoryNotFoundException("no Directory.Packages.props above the test's folder");
    }
}
