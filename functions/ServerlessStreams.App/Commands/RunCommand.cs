using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ServerlessStreams.App.Samples;
using ServerlessStreams.Functions.Local;
using ServerlessStreams.Segments;

namespace ServerlessStreams.App.Commands;

/// <summary>
/// <c>run</c>: the election sample end to end on this machine — embedded Kafka (or <c>--bootstrap</c>), window
/// state in process (or <c>--storage</c>), the function app's isolated worker started and driven by the local host over the Functions host's gRPC protocol — then the
/// results read back from the Table views.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (Azurite or Azure); default: in process." };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka bootstrap servers; default: the embedded Kafka." };
        var count = new Option<int>("--count") { Description = "Votes to produce.", DefaultValueFactory = _ => 3000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the vote stream.", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the stream to be processed.", DefaultValueFactory = _ => 120 };
        var serve = new Option<bool>("--serve") { Description = "Keep the dashboard served after the results, until Ctrl+C." };
        var command = new Command("run", "Run the election sample end to end on embedded defaults and print the results.")
        {
            storage, bootstrap, count, seed, timeout, serve,
        };
        command.SetAction(async (parse, ct) =>
        {
            var registry = AppRegistry.Create();
            var job = JobFiles.Load(new FileInfo(Path.Combine(AppContext.BaseDirectory, FunctionApp.DefaultJobSpec)), registry, Console.Error);
            if (job is null) return JobFiles.InvalidExitCode;

            var watch = Stopwatch.StartNew();
            await using var pipeline = await LocalPipeline.StartAsync(job, new LocalPipelineOptions
            {
                BootstrapServers = parse.GetValue(bootstrap),
                StorageConnectionString = parse.GetValue(storage),
                PrometheusPort = 0,
            }, ct);
            Console.WriteLine($"kafka: {pipeline.BootstrapServers}   worker: process {pipeline.TriggerHost.Worker.WorkerProcessId} " +
                              $"(gRPC 127.0.0.1:{pipeline.TriggerHost.Worker.Port})   app: {pipeline.AppDirectory}");
            var http = await pipeline.StartHttpProxyAsync(ct: ct);
            Console.WriteLine($"dashboard: {new Uri(http, "api/dashboard")}   ingest: POST {new Uri(http, "api/ingest/votes")}   " +
                              $"metrics (Prometheus): {pipeline.PrometheusEndpoint}");

            var votes = VoteGenerator.Generate(parse.GetValue(count), parse.GetValue(seed)).ToList();
            await pipeline.ProduceAsync("votes", votes, LocalPipeline.KeyFromField("voterId"), ct);
            Console.WriteLine($"produced {votes.Count} votes to 'votes' (out of order, duplicated and malformed ones included)");

            pipeline.StartTriggers();
            using (var statusStop = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var status = LiveStatus.RunAsync(pipeline, Console.Out, inPlace: !Console.IsOutputRedirected, statusStop.Token);
                try
                {
                    await pipeline.WaitForDrainAsync(votes.Count, TimeSpan.FromSeconds(parse.GetValue(timeout)), ct: ct);
                }
                finally
                {
                    await statusStop.CancelAsync();
                    await status;
                }
            }
            var summary = await pipeline.StopTriggersAsync();

            Console.WriteLine(summary?.StatusLine());
            var stats = await pipeline.ReadStatsAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"window entities: {stats.Stream.EntityTransactions:N0} transactions, {stats.Stream.EntityConflicts:N0} conflicts; " +
                $"batches averaged {stats.Stream.AverageBatchMilliseconds:N0} ms (slowest {stats.Stream.BatchMillisecondsMax:N0} ms)"));
            await PrintResultsAsync(pipeline, ct);
            Console.WriteLine($"done in {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
            if (parse.GetValue(serve))
            {
                pipeline.StartTriggers();
                Console.WriteLine($"serving the dashboard at {new Uri(http, "api/dashboard")}; Ctrl+C stops");
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop serving.
                }
            }
            return 0;
        });
        return command;
    }

    private static async Task PrintResultsAsync(LocalPipeline pipeline, CancellationToken ct)
    {
        var total = await pipeline.ReadViewAsync("TotalVotes", "total-votes", ct);
        Console.WriteLine($"total votes (global window, every 5 s): {total.FirstOrDefault()?["state"]?.ToJsonString() ?? "none yet"}");

        var standings = (await pipeline.ReadViewAsync("Standings", "standings", ct))
            .Select(r => (Candidate: r!["groupKey"]?.ToString() ?? "(none)", Votes: r["state"]!.GetValue<long>()))
            .OrderByDescending(s => s.Votes).ThenBy(s => s.Candidate, StringComparer.Ordinal).ToList();
        Console.WriteLine("who is winning (votes per candidate, each voter counted once):");
        foreach (var (candidate, votes) in standings) Console.WriteLine($"  {candidate,-10} {votes,6}");
        if (standings.Count > 0) Console.WriteLine($"  leader: {standings[0].Candidate}");

        // The hourly windows are read from their entities: a view holds what its trigger last fired (every 10 votes,
        // or as the percentile watermark passed), which depends on how the partitions interleaved; the state does not.
        Console.WriteLine("votes per hour (fixed 1 h windows; the VotesPerHour view is refreshed every 10 votes):");
        await PrintExtentsAsync(pipeline, "votes-per-hour", ct);
        Console.WriteLine("votes per hour, sliding every 20 minutes (the VotesPerHourSliding view fires at the 0.95 percentile watermark):");
        await PrintExtentsAsync(pipeline, "votes-per-hour-sliding", ct);
    }

    private static async Task PrintExtentsAsync(LocalPipeline pipeline, string windowId, CancellationToken ct)
    {
        var window = await pipeline.QueryAsync(windowId, GroupKey.None, ct);
        foreach (var extent in window?["extents"]?.AsArray() ?? [])
            Console.WriteLine($"  {Bound(extent!["lowerBound"])} .. {Bound(extent["upperBound"])}  {extent["state"]!.ToJsonString(),6}");
    }

    private static string Bound(JsonNode? bound) => bound?.ToString() ?? "-";
}
