using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using ServerlessStreams.Functions.Kafka.Embedded;
using ServerlessStreams.Functions.Local;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench;

/// <summary>
/// End to end on one embedded Kafka: records consumed by a plain Confluent consumer (the bare consume rate) against
/// the same records through the whole pipeline — local trigger host, the handler over HTTP, the stage, window
/// entities in the in-process store, Table-view sinks — in the same run, both after a warm-up on another topic.
/// </summary>
internal static class EndToEndBenchmark
{
    internal const string Topic = "events";

    private const int DefaultWarmUpRounds = 5;

    /// <summary>Measured rounds, each on its own topic; the median is the result.</summary>
    private const int MeasuredRounds = 5;
    internal const int Partitions = 4;

    /// <summary>How often the drain is checked: small against the run, so it adds little to the measured time.</summary>
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        using var kafka = EmbeddedKafka.Start();
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : DefaultWarmUpRounds;
        var measuredJobs = Enumerable.Range(1, MeasuredRounds).Select(round => Job(round == 1 ? Topic : $"{Topic}-{round}")).ToList();
        var warmUpJobs = Enumerable.Range(1, rounds).Select(round => Job($"warm-up-{round}")).ToList();
        foreach (var topic in warmUpJobs.Concat(measuredJobs).SelectMany(LocalPipeline.TopicsOf).Distinct())
            kafka.CreateTopic(topic, Partitions);

        // Both sides are measured warm, as a long-running app and consumer are: first each reads rounds of the same
        // number of records from other topics (JIT-compiled code runs its first calls slowly and is recompiled with
        // profile data after many), one topic per round because the embedded broker slows down deep into a partition.
        // Then, in each measured round, both read the same records from the start of a new topic, each in a new
        // consumer group (joining it included, whose time varies from round to round); the median round counts.
        var warmUp = Stopwatch.StartNew();
        foreach (var warmUpJob in warmUpJobs)
        {
            var topic = warmUpJob.Catalog[0].Topic!;
            await RunPipelineAsync(kafka, warmUpJob, topic, records);
            BareConsume(kafka.BootstrapServers, topic, records);
        }
        Console.WriteLine($"warm-up:       {rounds} rounds of {records} records through the pipeline and a plain consumer in {warmUp.Elapsed.TotalSeconds:F1} s");

        var ratios = new List<double>();
        foreach (var measuredJob in measuredJobs)
        {
            var topic = measuredJob.Catalog[0].Topic!;
            var pipelineSeconds = await RunPipelineAsync(kafka, measuredJob, topic, records, report: true);
            var consumeSeconds = BareConsume(kafka.BootstrapServers, topic, records);
            var consumeRate = records / consumeSeconds;
            var pipelineRate = records / pipelineSeconds;
            ratios.Add(pipelineRate / consumeRate);
            Console.WriteLine($"bare consume:  {records} records in {consumeSeconds:F2} s = {consumeRate:F0} records/s");
            Console.WriteLine($"pipeline:      {records} records in {pipelineSeconds:F2} s = {pipelineRate:F0} records/s (ratio {pipelineRate / consumeRate:F2})");
        }
        var median = ratios.Order().ElementAt(ratios.Count / 2);
        Console.WriteLine($"pipeline/consume ratio: {median.ToString("F2", CultureInfo.InvariantCulture)} (median of {ratios.Count} rounds)");
        return 0;
    }

    /// <summary>Produces the records, then times the pipeline from starting its triggers until all are delivered.</summary>
    private static async Task<double> RunPipelineAsync(EmbeddedKafka kafka, JobSpec job, string topic, int records, bool report = false)
    {
        await using var pipeline = await LocalPipeline.StartAsync(job, JobRegistry.Default, new LocalPipelineOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            MaxBatchWait = TimeSpan.FromMilliseconds(100),
        });
        await pipeline.ProduceAsync(topic, Records(records), line => line[9..14]);
        if (report) Console.WriteLine($"produced {records} records to {Partitions} partitions of '{topic}' on {kafka.BootstrapServers}");

        var watch = Stopwatch.StartNew();
        pipeline.StartTriggers();
        await WaitForDeliveredAsync(pipeline, records);
        var seconds = watch.Elapsed.TotalSeconds;

        var summary = await pipeline.StopTriggersAsync();
        if (report)
        {
            var handled = pipeline.Metrics.Snapshot();
            Console.WriteLine($"handler time:  {handled.BatchMillisecondsTotal / 1000:F2} s in {handled.Batches} batches (average {handled.AverageBatchMilliseconds:F1} ms); {summary?.StatusLine()}");
        }
        return seconds;
    }

    /// <summary>The record values: page views of 1,000 users, ten milliseconds apart.</summary>
    internal static List<string> Records(int count, int first = 0)
    {
        var random = new Random(5);
        return Enumerable.Range(first, count).Select(i => new JsonObject
        {
            ["user"] = $"u{random.Next(1000)}",
            ["time"] = 1_700_000_000_000L + i * 10L,
            ["page"] = $"/p/{random.Next(50)}",
        }.ToJsonString()).ToList();
    }

    /// <summary>Waits until the stage function has delivered <paramref name="records"/> records in all.</summary>
    private static async Task WaitForDeliveredAsync(LocalPipeline pipeline, long records)
    {
        var limit = Stopwatch.StartNew();
        while (pipeline.TriggerHost!.Status().Functions.Where(f => f.Trigger == "kafka").Sum(f => f.RecordsDelivered) < records)
        {
            if (limit.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"the pipeline did not deliver {records} records in 10 minutes");
            await Task.Delay(DrainPoll);
        }
    }

    /// <summary>Seconds a plain consumer group member takes to read every record once.</summary>
    private static double BareConsume(string bootstrap, string topic, int records)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-bare-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var watch = Stopwatch.StartNew();
        for (var seen = 0; seen < records; seen++)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(30)) is null) throw new TimeoutException($"bare consumer saw {seen} of {records} records");
        }
        var seconds = watch.Elapsed.TotalSeconds;
        consumer.Close();
        return seconds;
    }

    internal static JobSpec Job(string topic = Topic) => new()
    {
        Name = topic == Topic ? "bench" : "bench-" + topic,
        Workflow = [new WorkflowEdge(topic, "count")],
        Catalog =
        [
            new TaskSpec { Name = topic, Type = TaskType.Input, Medium = Medium.Kafka, Topic = topic, BatchSize = 1000 },
            new TaskSpec { Name = "count", Type = TaskType.Function, Fn = "identity", GroupByKey = ["user"] },
        ],
        Windows = [new WindowSpec { Id = "per-minute", Task = "count", Type = WindowType.Fixed, Aggregation = AggregationSpec.Count, WindowKey = "time", Range = 60_000 }],
        Triggers = [new TriggerSpec { Id = "every-100", WindowId = "per-minute", On = TriggerKind.Segment, Threshold = 100, Sync = new SyncSpec { Table = "PerMinute" } }],
    };
}
