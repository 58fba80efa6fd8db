using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ServerlessStreams.App.Samples;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Functions.Local;
using ServerlessStreams.Functions.Observability;

namespace ServerlessStreams.App.Commands;

/// <summary>
/// <c>run</c>: the election sample end to end on this machine — embedded Kafka (or <c>--bootstrap</c>), window
/// state in process (or <c>--storage</c>), the function app's handler driven by the local trigger host — then the
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
        var command = new Command("run", "Run the election sample end to end on embedded defaults and print the results.")
        {
            storage, bootstrap, count, seed, timeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            var registry = AppRegistry.Create();
            var job = JobFiles.Load(new FileInfo(Path.Combine(AppContext.BaseDirectory, "samples", "election", "job.json")), registry, Console.Error);
            if (job is null) return JobFiles.InvalidExitCode;

            var watch = Stopwatch.StartNew();
            var telemetry = TelemetryOptions.FromEnvironment();
            using var meters = Telemetry.CreateMeterProvider(telemetry);
            using var tracers = Telemetry.CreateTracerProvider(telemetry);
            await using var pipeline = await LocalPipeline.StartAsync(job, registry, new LocalPipelineOptions
            {
                BootstrapServers = parse.GetValue(bootstrap),
                StorageConnectionString = parse.GetValue(storage),
            }, ct);
            Console.WriteLine($"kafka: {pipeline.BootstrapServers}   handler: {pipeline.Host.Server.BaseAddress}   functions: {pipeline.AppDirectory}");

            var votes = VoteGenerator.Generate(parse.GetValue(count), parse.GetValue(seed)).ToList();
            await pipeline.ProduceAsync("votes", votes, LocalPipeline.KeyFromField("voterId"), ct);
            Console.WriteLine($"produced {votes.Count} votes to 'votes' (out of order, duplicated and malformed ones included)");

            var start = pipeline.Metrics.Snapshot();
            var previous = start;
            pipeline.StartTriggers();
            var interactive = !Console.IsOutputRedirected;
            await pipeline.WaitForDrainAsync(votes.Count, TimeSpan.FromSeconds(parse.GetValue(timeout)), status =>
            {
                var current = pipeline.Metrics.Snapshot();
                if (current.Timestamp - previous.Timestamp < TimeSpan.FromSeconds(1)) return;
                var lag = status.Functions.Where(f => f.Lag is not null).Sum(f => f.Lag!.Value);
                var line = $"{MetricsStatusFormatter.StatusLine(current, previous)}, lag {lag}";
                if (interactive) Console.Write("\r" + line.PadRight(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 100));
                else Console.WriteLine(line);
                previous = current;
            }, ct);
            if (interactive) Console.WriteLine();
            var summary = await pipeline.StopTriggersAsync();

            Console.WriteLine(MetricsStatusFormatter.Summary(pipeline.Metrics.Snapshot(), start));
            Console.WriteLine(summary?.StatusLine());
            await PrintResultsAsync(pipeline.Host.Views, ct);
            Console.WriteLine($"done in {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
            return 0;
        });
        return command;
    }

    private static async Task PrintResultsAsync(IViewStore views, CancellationToken ct)
    {
        var total = await views.ReadAsync("TotalVotes", "total-votes", null, ct);
        Console.WriteLine($"total votes (global window, every 5 s): {total.FirstOrDefault()?.State ?? "none yet"}");

        var standings = (await views.ReadAsync("Standings", "standings", null, ct))
            .Select(r => (Candidate: JsonNode.Parse(r.GroupKey)?.ToString() ?? "(none)", Votes: long.Parse(r.State, CultureInfo.InvariantCulture)))
            .OrderByDescending(s => s.Votes).ThenBy(s => s.Candidate, StringComparer.Ordinal).ToList();
        Console.WriteLine("who is winning (votes per candidate, each voter counted once):");
        foreach (var (candidate, votes) in standings) Console.WriteLine($"  {candidate,-10} {votes,6}");
        if (standings.Count > 0) Console.WriteLine($"  leader: {standings[0].Candidate}");

        Console.WriteLine("votes per hour (fixed 1 h windows, fired every 10 votes):");
        foreach (var row in await views.ReadAsync("VotesPerHour", "votes-per-hour", null, ct))
            Console.WriteLine($"  {Unquote(row.LowerBound)} .. {Unquote(row.UpperBound)}  {row.State,6}");

        Console.WriteLine("votes per hour, sliding every 20 minutes (percentile watermark 0.95; a vote that arrives after a firing fires its extent again):");
        foreach (var row in await views.ReadAsync("VotesPerHourSliding", "votes-per-hour-sliding", null, ct))
            Console.WriteLine($"  {Unquote(row.LowerBound)} .. {Unquote(row.UpperBound)}  {row.State,6}  ({row.Event})");
    }

    private static string Unquote(string json) => JsonNode.Parse(json)?.ToString() ?? "-";
}
