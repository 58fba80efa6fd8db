using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Election;
using ServerlessStreams.Engine;
using ServerlessStreams.Local;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench;

/// <summary>
/// HTTP ingestion against producing directly, on one embedded Kafka in one run: the election sample's votes posted
/// as NDJSON requests to the app's <c>ingest-votes</c> function (through the local host, as the Functions host
/// forwards HTTP to the worker), against the same records in the same batches produced by a plain Confluent.Kafka
/// idempotent producer (acks=all) awaiting each batch's acknowledgements, as the ingestion does before it answers.
/// </summary>
internal static class IngestBenchmark
{
    private const int BatchSize = 500;
    private const int Concurrency = 4;
    private const int Rounds = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
        var path = Path.Combine(AppContext.BaseDirectory, "job.json");
        var job = JobSpecLoader.Load(File.ReadAllText(path), Registrations.Create()).GetJobOrThrow();
        // The generator's malformed lines and unreadable times are refused by ingestion; both sides send the rest.
        var votes = VoteGenerator.Generate(records * 11 / 10, seed: 3).Where(Ingestible).Take(records).ToList();
        records = votes.Count;
        var batches = votes.Chunk(BatchSize).ToList();
        await using var pipeline = await LocalPipeline.StartAsync(job, new LocalPipelineOptions());

        // One producer for the direct side for the whole run, as the app keeps one; both sides are warmed first with a
        // tenth of the records (JIT, connections, the worker's first requests). Then rounds alternate; the median counts.
        using var producer = new ProducerBuilder<string?, string>(new ProducerConfig
        {
            BootstrapServers = pipeline.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
        }).Build();
        var warm = batches.Take(Math.Max(1, batches.Count / 10)).ToList();
        await IngestAsync(pipeline, warm, "warm");
        await ProduceDirectAsync(producer, "votes", warm);

        var ratios = new List<double>();
        for (var round = 1; round <= Rounds; round++)
        {
            var ingestSeconds = await IngestAsync(pipeline, batches, $"run{round}");
            var directSeconds = await ProduceDirectAsync(producer, "votes", batches);
            var ingestRate = records / ingestSeconds;
            var directRate = records / directSeconds;
            ratios.Add(ingestRate / directRate);
            Console.WriteLine($"round {round}: direct produce {records} records in {directSeconds:F2} s = {directRate:F0} records/s; " +
                              $"http ingest {ingestSeconds:F2} s = {ingestRate:F0} records/s (ratio {ingestRate / directRate:F2})");
        }
        Console.WriteLine($"({BatchSize}-record batches: NDJSON requests through the local host and the worker, or plain produce calls; {Concurrency} at a time)");
        var median = ratios.Order().ElementAt(ratios.Count / 2);
        Console.WriteLine($"ingest/direct ratio: {median.ToString("F2", CultureInfo.InvariantCulture)} (median of {ratios.Count} rounds)");
        return 0;
    }

    private static bool Ingestible(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject vote && vote["eventTime"] is JsonValue time
                && time.TryGetValue(out string? text) && WindowValues.TryParseTime(text, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<double> IngestAsync(LocalPipeline pipeline, IReadOnlyList<string[]> batches, string run)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, batches.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
        {
            var (status, body) = await pipeline.IngestAsync("votes", string.Join('\n', batches[i]), "application/x-ndjson", $"{run}-{i}", ct);
            if (status != HttpStatusCode.Accepted) throw new InvalidOperationException($"ingestion answered {(int)status}: {body}");
        });
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> ProduceDirectAsync(IProducer<string?, string> producer, string topic, IReadOnlyList<string[]> batches)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, batches.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
        {
            // Delivery callbacks, counted down per batch: the cheapest way to await a batch's acknowledgements.
            var batch = batches[i];
            var outstanding = batch.Length;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var value in batch)
                producer.Produce(topic, new Message<string?, string> { Value = value }, report =>
                {
                    if (report.Error.IsError) done.TrySetException(new KafkaException(report.Error));
                    else if (Interlocked.Decrement(ref outstanding) == 0) done.TrySetResult();
                });
            await done.Task.WaitAsync(ct);
        });
        return watch.Elapsed.TotalSeconds;
    }
}
