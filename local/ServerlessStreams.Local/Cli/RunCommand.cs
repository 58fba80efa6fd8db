using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ServerlessStreams.Functions;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Local.Cli;

/// <summary>
/// <c>run</c>: the app's job end to end on this machine — embedded Kafka (or <c>--bootstrap</c>), window state in
/// process (or <c>--storage</c>), the app's isolated worker started and driven by the local host over the Functions
/// host's gRPC protocol — fed the app's sample records, then the results read back from the Table views.
/// </summary>
internal static class RunCommand
{
    public static Command Create(ServerlessStreamsApp app, LocalRun sample)
    {
        var storage = new Option<string?>("--storage") { Description = "Storage connection string (Azurite or Azure); default: in process." };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka bootstrap servers; default: the embedded Kafka." };
        var count = new Option<int>("--count") { Description = "Sample records to produce.", DefaultValueFactory = _ => sample.DefaultCount };
        var seed = new Option<int>("--seed") { Description = "Seed of the sample records.", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the records to be processed.", DefaultValueFactory = _ => 120 };
        var serve = new Option<bool>("--serve") { Description = "Keep the dashboard served after the results, until Ctrl+C." };
        var command = new Command("run", "Run the job end to end on embedded defaults with sample records and print the results.")
        {
            storage, bootstrap, count, seed, timeout, serve,
        };
        command.SetAction(async (parse, ct) =>
        {
            var job = app.LoadJob(new FileInfo(app.JobSpecPath(_ => null)), Console.Error);
            if (job is null) return ServerlessStreamsApp.InvalidJobExitCode;
            var input = job.Catalog.FirstOrDefault(t => t.Name == sample.InputTask && t.Type == TaskType.Input);
            if (input?.Topic is null)
            {
                Console.Error.WriteLine($"{job.Name}: run feeds input task '{sample.InputTask}', but the job has no Kafka input of that name");
                return ServerlessStreamsApp.InvalidJobExitCode;
            }

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
            Console.WriteLine($"dashboard: {new Uri(http, "api/dashboard")}   ingest: POST {new Uri(http, $"api/ingest/{input.Name}")}   " +
                              $"metrics (Prometheus): {pipeline.PrometheusEndpoint}");

            var records = sample.Records(parse.GetValue(count), parse.GetValue(seed)).ToList();
            await pipeline.ProduceAsync(input.Topic, records, sample.KeyField is null ? null : LocalPipeline.KeyFromField(sample.KeyField), ct);
            Console.WriteLine($"produced {records.Count} records to '{input.Topic}'");

            pipeline.StartTriggers();
            using (var statusStop = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var status = LiveStatus.RunAsync(pipeline, Console.Out, inPlace: !Console.IsOutputRedirected, statusStop.Token);
                try
                {
                    await pipeline.WaitForDrainAsync(records.Count, TimeSpan.FromSeconds(parse.GetValue(timeout)), ct: ct);
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
            await sample.PrintResults(pipeline, Console.Out, ct);
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
}
