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
/// entities in the in-process store, Table-view sinks — in the same run.
/// </summary>
internal static class EndToEndBenchmark
{
    private const string Topic = "events";
    private const int Partitions = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        using var kafka = EmbeddedKafka.Start();
        var job = Job();
        foreach (var topic in LocalPipeline.TopicsOf(job)) kafka.CreateTopic(topic, Partitions);

        await using var pipeline = await LocalPipeline.StartAsync(job, JobRegistry.Default, new LocalPipelineOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            MaxBatchWait = TimeSpan.FromMilliseconds(100),
        });
        var random = new Random(5);
        var lines = Enumerable.Range(0, records).Select(i => new JsonObject
        {
            ["user"] = $"u{random.Next(1000)}",
            ["time"] = 1_700_000_000_000L + i * 10L,
            ["page"] = $"/p/{random.Next(50)}",
        }.ToJsonString()).ToList();
        await pipeline.ProduceAsync(Topic, lines, line => line[9..14]);
        Console.WriteLine($"produced {records} records to {Partitions} partitions of '{Topic}' on {kafka.BootstrapServers}");

        var consumeSeconds = BareConsume(kafka.BootstrapServers, records);
        var consumeRate = records / consumeSeconds;
        Console.WriteLine($"bare consume:  {records} records in {consumeSeconds:F2} s = {consumeRate:F0} records/s");

        var watch = Stopwatch.StartNew();
        pipeline.StartTriggers();
        await pipeline.WaitForDrainAsync(records, TimeSpan.FromMinutes(10), thenOneSweep: false);
        var pipelineSeconds = watch.Elapsed.TotalSeconds;
        var pipelineRate = records / pipelineSeconds;
        var summary = await pipeline.StopTriggersAsync();
        var handled = pipeline.Metrics.Snapshot();
        Console.WriteLine($"handler time:  {handled.BatchMillisecondsTotal / 1000:F2} s in {handled.Batches} batches (average {handled.AverageBatchMilliseconds:F1} ms)");
        Console.WriteLine($"pipeline:      {records} records in {pipelineSeconds:F2} s = {pipelineRate:F0} records/s ({summary?.StatusLine()})");
        Console.WriteLine($"pipeline/consume ratio: {(pipelineRate / consumeRate).ToString("F2", CultureInfo.InvariantCulture)}");
        return 0;
    }

    /// <summary>Seconds a plain consumer group member takes to read every record once.</summary>
    private static double BareConsume(string bootstrap, int records)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-bare-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(Topic);
        var watch = Stopwatch.StartNew();
        var seen = 0;
        while (seen < records)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(30)) is null) throw new TimeoutException($"bare consumer saw {seen} of {records} records");
            seen++;
        }
        var seconds = watch.Elapsed.TotalSeconds;
        consumer.Close();
        return seconds;
    }

    private static JobSpec Job() => new()
    {
        Name = "bench",
        Workflow = [new WorkflowEdge(Topic, "count")],
        Catalog =
        [
            new TaskSpec { Name = Topic, Type = TaskType.Input, Medium = Medium.Kafka, Topic = Topic, BatchSize = 1000 },
            new TaskSpec { Name = "count", Type = TaskType.Function, Fn = "identity", GroupByKey = ["user"] },
        ],
        Windows = [new WindowSpec { Id = "per-minute", Task = "count", Type = WindowType.Fixed, Aggregation = AggregationSpec.Count, WindowKey = "time", Range = 60_000 }],
        Triggers = [new TriggerSpec { Id = "every-100", WindowId = "per-minute", On = TriggerKind.Segment, Threshold = 100, Sync = new SyncSpec { Table = "PerMinute" } }],
    };
}
