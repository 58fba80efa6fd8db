using ServerlessStreams.Registry;

namespace ServerlessStreams.Functions.Tests.App;

public sealed class ServerlessStreamsAppTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ss-app-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private FileInfo Write(string json)
    {
        var path = Path.Combine(_directory, "job.json");
        File.WriteAllText(path, json);
        return new FileInfo(path);
    }

    [Fact]
    public void A_spec_that_names_what_the_app_did_not_register_fails_at_start_up_with_every_name_and_its_path()
    {
        var spec = Write("""
            {
              "name": "shop",
              "workflow": [["orders", "enriched"], ["enriched", "by-region"]],
              "catalog": [
                {"name": "orders", "type": "input", "medium": "kafka", "topic": "orders"},
                {"name": "enriched", "type": "function", "fn": "shop/enrich"},
                {"name": "by-region", "type": "function", "fn": "identity", "groupByFn": "shop/region"}
              ],
              "windows": [{"id": "top", "task": "by-region", "type": "global", "aggregation": "shop/top-item"}],
              "triggers": [{"id": "done", "windowId": "top", "on": "punctuation", "pred": "shop/is-last", "sync": "shop/notify"}]
            }
            """);
        var app = new ServerlessStreamsApp(JobRegistry.Default.AddFunction("shop/other", s => [s]));
        var errors = new StringWriter();

        Assert.Null(app.LoadJob(spec, errors));

        var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("job.json: 5 problems", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("$.catalog[1].fn:", StringComparison.Ordinal) && l.Contains("shop/enrich", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.catalog[2].groupByFn:", StringComparison.Ordinal) && l.Contains("shop/region", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.windows[0].aggregation:", StringComparison.Ordinal) && l.Contains("shop/top-item", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.triggers[0].pred:", StringComparison.Ordinal) && l.Contains("shop/is-last", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.triggers[0].sync:", StringComparison.Ordinal) && l.Contains("shop/notify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_worker_stops_at_start_up_when_its_spec_is_invalid()
    {
        var spec = Write("""{"name": "shop", "workflow": [], "catalog": [{"name": "x", "type": "function", "fn": "missing"}]}""");
        var app = new ServerlessStreamsApp(JobRegistry.Default, spec.FullName);

        Assert.Equal(ServerlessStreamsApp.InvalidJobExitCode, await app.RunWorkerAsync(["--functions-uri", "http://127.0.0.1:1"]));
    }

    [Fact]
    public void A_missing_spec_file_is_named()
    {
        var app = new ServerlessStreamsApp(JobRegistry.Default);
        var errors = new StringWriter();

        Assert.Null(app.LoadJob(new FileInfo(Path.Combine(_directory, "nope.json")), errors));
        Assert.Contains("nope.json: no such job spec file", errors.ToString(), StringComparison.Ordinal);
    }
}
