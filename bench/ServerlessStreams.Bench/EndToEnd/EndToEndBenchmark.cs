using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using ServerlessStreams.Local.Kafka;
using ServerlessStreams.Local;

namespace ServerlessStreams.Bench.EndToEnd;

/// <summary>
/// End to end on one embedded Kafka: records consumed by a plain Confluent consumer (the bare consume rate) against
/// the same records through the whole pipeline — the local host, the worker in its own process over gRPC, the stage,
/// window entities in the worker's in-process store, Table-view sinks — in the same run, both warm. Then one round on
/// the Table store (Azurite) counts what a batch costs in storage.
/// </summary>
internal static class EndToEndBenchmark
{
    private const int DefaultWarmUpRounds = 5;

    /// <summary>Measured rounds, each on its own topic; the median ratio is the result.</summary>
    private const int MeasuredRounds = 5;

    /// <summary>How often the drain is checked: small against a round, so it adds little to the measured time.</summary>
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var warmUpRounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : DefaultWarmUpRounds;
        using var kafka = EmbeddedKafka.Start();

        // Warm, as production is: the worker is a long-running process, so one worker serves every round. One job holds
        // an input task per round (warm-up and measured), each reading its own topic into its own count task, window
        // and view; a round triggers only its own stage function, in new consumer groups (joining included on both
        // sides, about a third of a second that varies), reading its topic from the start. The warm-up rounds run the
        // same code paths with the same number of records first on both sides, so the measured rounds run compiled,
        // profile-optimised code; a topic per round because the embedded broker slows down deep into a partition, and
        // a window per round so no round's state weighs on another's. The sweeper's timer is not triggered.
        var warmUp = Enumerable.Range(1, warmUpRounds).Select(r => $"warm-up-{r}").ToList();
        var measured = Enumerable.Range(1, MeasuredRounds).Select(r => $"events-{r}").ToList();
        var job = BenchJob.Of("bench", [.. warmUp, .. measured]);
        foreach (var topic in LocalPipeline.TopicsOf(job)) kafka.CreateTopic(topic, BenchJob.Partitions);

        await using var pipeline = await LocalPipeline.StartAsync(job, new LocalPipelineOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            MaxBatchWait = TimeSpan.FromMilliseconds(100),
        });
        Console.WriteLine($"worker:        process {pipeline.TriggerHost.Worker.WorkerProcessId}, one for every round; {records} records per round, {BenchJob.Partitions} partitions, batches of up to {pipeline.TriggerHost.App.MaxBatchSize}");

        var watch = Stopwatch.StartNew();
        foreach (var round in warmUp)
        {
            await PipelineRound.RunAsync(pipeline, round, records, DrainPoll);
            BareConsume(kafka.BootstrapServers, round, records);
        }
        Console.WriteLine($"warm-up:       {warmUpRounds} rounds through the pipeline and a plain consumer in {watch.Elapsed.TotalSeconds:F1} s");

        var ratios = new List<double>();
        var rounds = new List<PipelineRound>();
        foreach (var round in measured)
        {
            var result = await PipelineRound.RunAsync(pipeline, round, records, DrainPoll);
            var consumeCpu = Environment.CpuUsage.TotalTime;
            var (consumeSeconds, firstRecordSeconds) = BareConsume(kafka.BootstrapServers, round, records);
            consumeCpu = Environment.CpuUsage.TotalTime - consumeCpu;
            var ratio = consumeSeconds / result.Seconds;
            ratios.Add(ratio);
            rounds.Add(result);
            Console.WriteLine($"{round}: bare consume {records / consumeSeconds,9:F0} records/s ({consumeSeconds:F2} s, first record after {firstRecordSeconds:F2} s, CPU {consumeCpu.TotalMicroseconds / records:F1} µs per record); pipeline {records / result.Seconds,9:F0} records/s ({result.Seconds:F2} s): ratio {ratio:F2}; {result.Summary()}");
        }
        var median = ratios.Order().ElementAt(ratios.Count / 2);
        Console.WriteLine($"in-process store, per 1,000 records (mean of the measured rounds): {PipelineRound.PerThousand(rounds)}");

        await TableStoreRound.RunAsync(kafka, Math.Min(records, TableStoreRound.MaxRecords), DrainPoll);
        Console.WriteLine($"pipeline/consume ratio: {median.ToString("F2", CultureInfo.InvariantCulture)} (median of {ratios.Count} rounds: {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})");
        return 0;
    }

    /// <summary>Seconds a plain consumer group member takes to read every record once, from joining its group on, and to read the first.</summary>
    internal static (double Seconds, double FirstRecordSeconds) BareConsume(string bootstrap, string topic, int records)
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
        var first = 0.0;
        for (var seen = 0; seen < records; seen++)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(30)) is null) throw new TimeoutException($"bare consumer saw {seen} of {records} records");
            if (seen == 0) first = watch.Elapsed.TotalSeconds;
        }
        var seconds = watch.Elapsed.TotalSeconds;
        consumer.Close();
        return (seconds, first);
    }
}
