using System.Diagnostics;
using ServerlessStreams.Local.Kafka;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// Rebalances on a store the instances share (Azure Tables on Azurite), as on Azure: the first instance starts and
/// records keep coming; each further instance joins once the groups have settled again and the newest instance has
/// worked, so every join moves partitions whose records are in flight. Once all have joined and settled, a burst of
/// records is produced and timed (on Azurite, so against no baseline). Conflicts and transactions are split by whether
/// the groups were settled around them.
/// </summary>
internal static class JoinRound
{
    public const string Store = "Azurite";

    /// <summary>Records produced at a time while instances join; a few batches for each partition.</summary>
    private const int Chunk = 1000;

    /// <summary>
    /// The most records produced per second while instances join: records keep flowing through every rebalance, and a
    /// quick pipeline does not use up the stream before the last instance has joined.
    /// </summary>
    private const int JoiningRecordsPerSecond = 2_000;

    public static async Task<ScaleResult> RunAsync(EmbeddedKafka kafka, RecordProducer producer, string storage, ScaleWorkload workload, int instanceCount,
        IReadOnlyList<string> stream, int burst, string tag, ProgressLine progress)
    {
        var job = workload.JobFor(tag);
        RoundSetup.CreateTopics(kafka, job);
        var input = RoundSetup.InputTopic(job, workload);
        var phase = "starting workers";
        var produced = 0;
        await using var instances = await ScaleInstances.StartAsync(job, instanceCount, kafka.BootstrapServers, storage);
        var stage = instances.StageOf(workload.InputTask);
        await using var timeline = new GroupTimeline(instances, RoundSetup.PartitionsOf(instances, kafka));
        progress.Show(() => $"[{workload.Name} ×{instanceCount} {Store}] {phase}: {instances.Delivered(stage):N0}/{produced:N0} records delivered; " +
                            $"{timeline.Latest.Transactions:N0} transactions, {timeline.Latest.Conflicts:N0} conflicts so far");

        var from = await timeline.MarkAsync();
        using var stopFeeding = new CancellationTokenSource();
        var feeder = Task.Run(async () =>
        {
            var feeding = Stopwatch.StartNew();
            // Keep about two chunks waiting, so every partition has records whenever the group moves it, and no more
            // behind a hop: a stage that forwards to an internal topic is quicker than the function applying its windows.
            // Only while the groups are settled: during a rebalance no member says what it lags, and what was produced
            // before is in flight already.
            while (!stopFeeding.IsCancellationRequested)
            {
                if (timeline.Settled() && produced - instances.Delivered(stage) < 2 * Chunk && instances.LagBeyond(stage) < 2 * Chunk
                    && produced < Chunk + JoiningRecordsPerSecond * feeding.Elapsed.TotalSeconds)
                {
                    if (produced + Chunk > stream.Count - burst) throw new InvalidOperationException($"more than {stream.Count - burst} records before the instances settled");
                    await producer.ProduceAsync(input, stream.Skip(produced).Take(Chunk).ToList(), workload.KeyOf);
                    produced += Chunk;
                }
                else
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                }
            }
        });

        for (var i = 0; i < instanceCount; i++)
        {
            phase = $"instance {i + 1} joining";
            if (i > 0)
            {
                // The newest instance has worked for a while on its partitions: the join takes some of them away mid-stream.
                await WaitUntilAsync(instances, feeder, () => instances.Hosts[i - 1].Status().RecordsDelivered >= Chunk);
            }
            instances.StartTriggers(i);
            await timeline.WaitUntilSettledAsync(RoundSetup.SettleTimeout);
            await WaitUntilAsync(instances, feeder, () => instances.Hosts[i].Status().RecordsDelivered > 0);
        }
        await stopFeeding.CancelAsync();
        await feeder;

        phase = "draining";
        var joined = stream.Take(produced).ToList();
        await Exactness.WaitAsync(instances, stage, produced, workload.Expected(joined));

        var all = stream.Take(produced + burst).ToList();
        var expected = workload.Expected(all);
        phase = $"{burst:N0} records after the joins";
        var clock = Stopwatch.StartNew();
        using var first = new FirstDelivery(instances, stage, clock);
        await producer.ProduceAsync(input, all.Skip(produced).ToList(), workload.KeyOf);
        produced = all.Count;
        await Exactness.WaitAsync(instances, stage, all.Count, expected);
        var done = clock.Elapsed;
        var to = await timeline.MarkAsync();
        var (settled, rebalancing) = timeline.Split(from, to);

        phase = "checking the views";
        await Exactness.WaitForViewsAsync(instances, workload, expected, TimeSpan.FromMinutes(1));
        progress.Show(() => null);
        return new ScaleResult(workload.Name, Store, instanceCount, burst, done.TotalSeconds, first.At.TotalSeconds, null, all.Count, settled, rebalancing);
    }

    private static async Task WaitUntilAsync(ScaleInstances instances, Task feeder, Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            await instances.ThrowIfStoppedAsync();
            if (feeder.IsCompleted) await feeder;
            if (waited.Elapsed > RoundSetup.SettleTimeout) throw new TimeoutException("an instance delivered nothing within " + RoundSetup.SettleTimeout);
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
