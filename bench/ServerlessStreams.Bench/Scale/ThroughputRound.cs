using System.Diagnostics;
using ServerlessStreams.Bench.EndToEnd;
using ServerlessStreams.Local.Kafka;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// Throughput with each worker's in-process store: the instances join their groups first (on empty topics, so no record
/// meets a rebalance and no key's state is split between two workers' stores), warm up on a share of the records, the
/// first of them in small batches, until the workers have compiled what the warm-up made hot and are idle (a worker
/// that has run for a while, as on Azure), and then the measured records are produced; the clock runs from producing
/// the first until the windows hold every record exactly. The plain consumer reads the same records on the same broker
/// as the e2e benchmark reads them: produced first, read by a new member of a new group from joining until the last,
/// after a pass over the warm-up records. Both sides include a start: the pipeline its first fetch (the embedded broker
/// holds an idle consumer's fetch for its whole wait, 50 ms in the local host), the plain consumer its joining.
/// </summary>
internal static class ThroughputRound
{
    public const string Store = "in-process";

    public static async Task<ScaleResult> RunAsync(EmbeddedKafka kafka, RecordProducer producer, ScaleWorkload workload, int instanceCount,
        IReadOnlyList<string> warmUp, IReadOnlyList<string> measured, string tag, ProgressLine progress)
    {
        var job = workload.JobFor(tag);
        RoundSetup.CreateTopics(kafka, job);
        var input = RoundSetup.InputTopic(job, workload);
        var phase = "starting workers";
        progress.Show(() => $"[{workload.Name} ×{instanceCount} {Store}] {phase}");
        await using var instances = await ScaleInstances.StartAsync(job, instanceCount, kafka.BootstrapServers, storage: null);
        var stage = instances.StageOf(workload.InputTask);
        await using var timeline = new GroupTimeline(instances, RoundSetup.PartitionsOf(instances, kafka));

        phase = "joining";
        for (var i = 0; i < instanceCount; i++) instances.StartTriggers(i);
        await timeline.WaitUntilSettledAsync(RoundSetup.SettleTimeout);

        phase = $"warming up on {warmUp.Count:N0} records";
        await WarmUpAsync(producer, input, warmUp, workload, instances, stage);
        await Exactness.WaitAsync(instances, stage, warmUp.Count, workload.Expected(warmUp));
        phase = "waiting for the workers to finish compiling";
        var quiet = await WorkerQuiet.WaitAsync(instances.Hosts, WorkerQuietTimeout);
        if (!quiet.Idle) progress.WriteLine($"[{workload.Name} ×{instanceCount} {Store}] the workers were still busy after {quiet.Waited.TotalSeconds:F0} s; measuring anyway");

        var all = warmUp.Concat(measured).ToList();
        var expected = workload.Expected(all);
        var from = await timeline.MarkAsync();
        var clock = Stopwatch.StartNew();
        var before = instances.Delivered(stage);
        phase = "measuring";
        progress.Show(() => Live(workload, instanceCount, instances, stage, before, measured.Count, clock, timeline));
        using var first = new FirstDelivery(instances, stage, clock);
        await FeedAsync(producer, input, measured, workload, instances, stage, before);
        await Exactness.WaitAsync(instances, stage, all.Count, expected);
        var done = clock.Elapsed;
        var to = await timeline.MarkAsync();
        var (settled, rebalancing) = timeline.Split(from, to);

        phase = "checking the views";
        progress.Show(() => $"[{workload.Name} ×{instanceCount} {Store}] {phase}");
        await Exactness.WaitForViewsAsync(instances, workload, expected, TimeSpan.FromMinutes(1));

        phase = "plain consumer";
        var bare = await BareAsync(kafka, producer, tag, warmUp, measured, workload);
        progress.Show(() => null);
        return new ScaleResult(workload.Name, Store, instanceCount, measured.Count, done.TotalSeconds, first.At.TotalSeconds, bare,
            measured.Count, settled, rebalancing);
    }

    /// <summary>
    /// Produces the records in chunks, staying <see cref="AheadOfStage"/> records ahead of the input stage and no more
    /// than that behind the hop: the embedded Kafka keeps only the last 5 MiB of a partition, and a keyed function
    /// slower than its stage would otherwise find records deleted before it read them (a hot key's internal topic has
    /// one partition). Throughput is the slowest function's either way; the input never runs dry meanwhile.
    /// </summary>
    private static async Task FeedAsync(RecordProducer producer, string input, IReadOnlyList<string> records, ScaleWorkload workload,
        ScaleInstances instances, string stage, long deliveredBefore)
    {
        var produced = 0;
        while (produced < records.Count)
        {
            await instances.ThrowIfStoppedAsync();
            if (produced - (instances.Delivered(stage) - deliveredBefore) < AheadOfStage && instances.LagBeyond(stage) < AheadOfStage)
            {
                var chunk = records.Skip(produced).Take(FeedChunk).ToList();
                await producer.ProduceAsync(input, chunk, workload.KeyOf);
                produced += chunk.Count;
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5));
            }
        }
    }

    /// <summary>
    /// Produces the first <see cref="PacedWarmUp"/> warm-up records a hundred at a time, each hundred once the input
    /// stage has the one before, and the rest at once. The small batches invoke every instance's functions tens of
    /// times, as a worker that has run for a while has been: the runtime compiles a method for speed after 30 calls,
    /// and warm-up records produced at once reach each of four workers in a handful of batches.
    /// </summary>
    private static async Task WarmUpAsync(RecordProducer producer, string input, IReadOnlyList<string> records, ScaleWorkload workload,
        ScaleInstances instances, string stage)
    {
        var before = instances.Delivered(stage);
        for (var produced = 0; produced < records.Count;)
        {
            var chunk = records.Skip(produced).Take(produced < PacedWarmUp ? WarmUpChunk : records.Count).ToList();
            await producer.ProduceAsync(input, chunk, workload.KeyOf);
            produced += chunk.Count;
            while (instances.Delivered(stage) - before < produced)
            {
                await instances.ThrowIfStoppedAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(5));
            }
        }
    }

    /// <summary>Warm-up records produced in small chunks; the benchmark warms up on at least twice as many.</summary>
    public const int PacedWarmUp = 4_000;

    private const int WarmUpChunk = 100;
    private static readonly TimeSpan WorkerQuietTimeout = TimeSpan.FromSeconds(30);

    private const int FeedChunk = 2_500;
    private const int AheadOfStage = 4 * FeedChunk;

    /// <summary>
    /// The plain consumer, as the e2e benchmark measures it: the same records on a topic of their own with the same
    /// partitions, read by a new consumer-group member from joining until the last; first on the warm-up records.
    /// </summary>
    private static async Task<BareRate> BareAsync(EmbeddedKafka kafka, RecordProducer producer, string tag,
        IReadOnlyList<string> warmUp, IReadOnlyList<string> measured, ScaleWorkload workload)
    {
        foreach (var (topic, records) in new[] { ($"{tag}-bare-warm-up", warmUp), ($"{tag}-bare", measured) })
        {
            kafka.CreateTopic(topic, RoundSetup.Partitions);
            await producer.ProduceAsync(topic, records, workload.KeyOf);
        }
        EndToEndBenchmark.BareConsume(kafka.BootstrapServers, $"{tag}-bare-warm-up", warmUp.Count);
        var (seconds, first) = EndToEndBenchmark.BareConsume(kafka.BootstrapServers, $"{tag}-bare", measured.Count);
        return new BareRate(measured.Count, seconds, first);
    }

    private static string Live(ScaleWorkload workload, int instanceCount, ScaleInstances instances, string stage, long before, int records,
        Stopwatch clock, GroupTimeline timeline)
    {
        var delivered = instances.Delivered(stage) - before;
        var store = timeline.Latest;
        return $"[{workload.Name} ×{instanceCount} {Store}] {delivered:N0}/{records:N0} records into the input stage in {clock.Elapsed.TotalSeconds:F1} s " +
               $"({delivered / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0}/s); {store.Transactions:N0} transactions, {store.Conflicts:N0} conflicts so far";
    }
}
