using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using Election;
using ServerlessStreams.Local;

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
        Assert.Equal("–", await page.TextContentAsync("#watermark-all-votes"));
        // Lag is shown for the Kafka-triggered task only, as the broker answers it: nothing on the topic yet.
        await page.WaitForFunctionAsync("() => document.querySelector('#lag-votes').textContent === '0'");
        Assert.Equal("–", await page.TextContentAsync("#lag-all-votes"));

        // Ingested before the stage consumes: the votes wait on the topic, and the page shows them as the group's lag.
        // The Idempotency-Key keys the records by index, so every partition gets some and the watermark can move.
        var votes = VoteGenerator.Generate(200, seed: 31).Where(IngestionPipelineTests.Ingestible).ToList();
        Assert.InRange(votes.Count, 1, 999); // shown without a thousands separator
        using (var http = new HttpClient { BaseAddress = address })
        {
            using var content = new StringContent(string.Join('\n', votes), Encoding.UTF8, "application/x-ndjson");
            content.Headers.Add("Idempotency-Key", "browser-test");
            using var ingested = await http.PostAsync("api/ingest/votes", content);
            Assert.Equal(HttpStatusCode.Accepted, ingested.StatusCode);
        }
        await page.WaitForFunctionAsync($"() => document.querySelector('#lag-votes').textContent === '{votes.Count}'");

        // The stage reads the votes: the page's next polls show them in and out of every task, the lag gone, each
        // windowed task's watermark, and a segment trigger's firing filling a view.
        pipeline.StartTriggers();
        await page.WaitForFunctionAsync($"() => document.querySelector('#records-in-votes').textContent === '{votes.Count}'");
        await page.WaitForFunctionAsync($"() => document.querySelector('#records-in-all-votes').textContent === '{votes.Count}'");
        await page.WaitForFunctionAsync($"() => document.querySelector('#records-in-by-candidate').textContent === '{votes.Count}'");
        await page.WaitForFunctionAsync("() => document.querySelector('#lag-votes').textContent === '0'");
        await page.WaitForFunctionAsync("() => /^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$/.test(document.querySelector('#watermark-all-votes').textContent)");
        await page.WaitForSelectorAsync("[data-window='votes-per-hour'] svg rect.bar");
        await page.WaitForSelectorAsync("#firings tbody tr");
        Assert.Equal(votes.Count.ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#records-out-votes"));
        // by-candidate passes its valid votes on to results; its out adds the firings of standings (on the sweeper's timer).
        var results = await CountAsync(page, "#records-in-results");
        Assert.InRange(results, 1, votes.Count);
        Assert.InRange(await CountAsync(page, "#records-out-by-candidate"), results, long.MaxValue);
        Assert.InRange(await CountAsync(page, "#records-out-all-votes"), 1, long.MaxValue); // all-votes emits nothing: its out is firings
        await page.WaitForFunctionAsync("() => document.querySelector('#sweeper').textContent.includes('swept')");

        var screenshot = Path.Combine(RepositoryRoot(), "docs", "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 0);
        Assert.Empty(problems);

        // The same counts, scraped from the worker in the Prometheus text format.
        using var scraper = new HttpClient();
        var metrics = await scraper.GetStringAsync(pipeline.PrometheusEndpoint);
        var recordsIn = Assert.Single(metrics.Split('\n'), l => l.StartsWith("serverlessstreams_records_in_total{", StringComparison.Ordinal) && l.Contains("task=\"votes\"", StringComparison.Ordinal));
        Assert.Contains("task_type=\"input\"", recordsIn, StringComparison.Ordinal);
        Assert.EndsWith($" {votes.Count}", recordsIn.Split(' ', 3) is [var name, var value, ..] ? $"{name} {value}" : recordsIn, StringComparison.Ordinal);
    }

    /// <summary>A count as the page shows it (en-US, thousands separated by commas).</summary>
    private static async Task<long> CountAsync(IPage page, string selector)
    {
        var text = await page.TextContentAsync(selector);
        Assert.True(long.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var count), $"{selector} shows '{text}', not a count");
        return count;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) return dir.FullName;
        throw new DirectoryNotFoundException("no Directory.Packages.props above the test's folder");
    }
}
