using Election;
using ServerlessStreams.Local.Azurite;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Local;
using ServerlessStreams.Local.Host;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>
/// The election job's hop, end to end: its windowed tasks group by something other than the votes' Kafka key, so the
/// stage function produces their segments to internal topics keyed by group key and their keyed functions apply the
/// windows. Batches are redelivered on either side of the hop, and instances join either side's consumer group, and
/// every voter still counts once, with window state in the worker's process and on Azurite.
/// </summary>
public sealed class RepartitionPipelineTests
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(120);

    private static readonly LocalPipelineOptions Fast = new()
    {
        MaxBatchWait = TimeSpan.FromMilliseconds(100),
        ConsumerSessionTimeout = TimeSpan.FromSeconds(6),
    };

    private static readonly string Stage = FunctionNames.Stage("votes");

    private static readonly HashSet<string> KeyedFunctions = [FunctionNames.Keyed("all-votes"), FunctionNames.Keyed("by-candidate")];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_keyed_batch_redelivered_after_its_entities_committed_changes_no_result(bool onAzurite)
    {
        await using var azurite = onAzurite ? await AzuriteRunner.StartAsync() : null;
        var votes = VoteGenerator.Generate(1200, seed: 21).ToList();
        var lost = 0;
        // Keyed batches commit their window entities in the worker, then count as failed: the internal topic's offsets
        // stay uncommitted and the batches come again.
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with
        {
            StorageConnectionString = azurite?.ConnectionString,
            WrapInvoker = worker => new FailingAfterAnswer(worker, KeyedFunctions.Contains, () => Interlocked.Increment(ref lost) <= 4),
        });

        await pipeline.ProduceAsync("votes", votes, LocalPipeline.KeyFromField("voterId"));
        pipeline.StartTriggers();
        await WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref lost) >= 4));
        await WaitUntilAsync(() => pipeline.AllCommittedAsync());

        Assert.True(lost > 4);
        await AssertExactAsync(pipeline, votes);
    }

    [Fact]
    public async Task A_stage_batch_redelivered_after_it_produced_to_the_internal_topics_changes_no_result()
    {
        var votes = VoteGenerator.Generate(1200, seed: 22).ToList();
        var lost = 0;
        // The stage's first batches produce their segments to the internal topics, then count as failed: they are
        // produced again, and the keyed functions read every segment twice.
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with
        {
            WrapInvoker = worker => new FailingAfterAnswer(worker, f => f == Stage, () => Interlocked.Increment(ref lost) <= 2),
        });

        await pipeline.ProduceAsync("votes", votes, LocalPipeline.KeyFromField("voterId"));
        pipeline.StartTriggers();
        await WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref lost) >= 2));
        await WaitUntilAsync(() => pipeline.AllCommittedAsync());

        Assert.True(lost > 2);
        await AssertExactAsync(pipeline, votes);
    }

    [Fact]
    public async Task A_second_instance_taking_stage_partitions_over_counts_exactly()
    {
        // The second instance runs only the stage: window state stays in the first worker's process, the one writer.
        var votes = await RunWithSecondInstanceAsync(onAzurite: false, new HashSet<string> { Stage }, seed: 23);

        Assert.NotEmpty(votes);
    }

    [Fact]
    public async Task A_second_instance_taking_internal_partitions_over_counts_exactly_on_Azurite()
    {
        // Window entities change owner with the internal partitions: they must live in a shared store.
        var votes = await RunWithSecondInstanceAsync(onAzurite: true, KeyedFunctions, seed: 24);

        Assert.NotEmpty(votes);
    }

    [Fact]
    public async Task Two_instances_from_the_start_count_exactly_on_Azurite_and_each_reports_its_own_counters()
    {
        await using var azurite = await AzuriteRunner.StartAsync();
        var votes = VoteGenerator.Generate(1500, seed: 25).ToList();
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with
        {
            StorageConnectionString = azurite.ConnectionString,
            Instances = 2,
        });

        await pipeline.ProduceAsync("votes", votes, LocalPipeline.KeyFromField("voterId"));
        pipeline.StartTriggers();
        await pipeline.WaitForDrainAsync(votes.Count, Drain, thenOneSweep: false);
        var stats = await pipeline.ReadStatsOfEveryInstanceAsync();

        Assert.Equal(2, pipeline.Instances.Count);
        Assert.NotEqual(pipeline.Instances[0].Worker.WorkerProcessId, pipeline.Instances[1].Worker.WorkerProcessId);
        Assert.Equal(2, stats.Count);
        Assert.True(stats.Sum(s => s.Store.Transactions) > 0);
        Assert.True(stats.Sum(s => s.Stream.RecordsIn) >= votes.Count);
        await AssertExactAsync(pipeline, votes);
    }

    /// <summary>
    /// Runs the job while a second instance joins the consumer groups of <paramref name="functions"/>, producing votes
    /// until it has delivered some, then checks the results; returns the votes produced.
    /// </summary>
    private static async Task<List<string>> RunWithSecondInstanceAsync(bool onAzurite, IReadOnlySet<string> functions, int seed)
    {
        await using var azurite = onAzurite ? await AzuriteRunner.StartAsync() : null;
        var available = VoteGenerator.Generate(20_000, seed).ToList();
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with { StorageConnectionString = azurite?.ConnectionString });
        await pipeline.ProduceAsync("votes", available.Take(600), LocalPipeline.KeyFromField("voterId"));
        var produced = 600;
        pipeline.StartTriggers();
        await WaitUntilAsync(() => Task.FromResult(Delivered(pipeline.TriggerHost, functions) > 0));

        await using var second = new LocalTriggerHost(new LocalTriggerHostOptions
        {
            AppDirectory = pipeline.AppDirectory,
            AppSettings = pipeline.AppSettings,
            MaxBatchWait = Fast.MaxBatchWait,
            ConsumerSessionTimeout = Fast.ConsumerSessionTimeout,
            Functions = functions,
        });
        using var stopSecond = new CancellationTokenSource();
        var secondRun = Task.Run(() => second.RunAsync(stopSecond.Token));

        // Votes keep coming, a chunk once the last one is delivered, until the second instance has delivered some of
        // its functions' records (its worker starting and the rebalance take their time on a loaded machine).
        while (produced < 1500 || Delivered(second, functions) == 0)
        {
            Assert.True(produced < available.Count, "the second instance never got a partition");
            if (secondRun.IsCompleted) await secondRun;
            await pipeline.ProduceAsync("votes", available.Skip(produced).Take(100), LocalPipeline.KeyFromField("voterId"));
            produced += 100;
            await WaitUntilAsync(() => pipeline.AllCommittedAsync());
        }
        var votes = available.Take(produced).ToList();

        await WaitUntilAsync(() => pipeline.AllCommittedAsync());
        await stopSecond.CancelAsync();
        var secondSummary = await secondRun;

        Assert.True(Delivered(secondSummary, functions) > 0, "the second instance never got a partition");
        await AssertExactAsync(pipeline, votes);
        return votes;
    }

    private static async Task AssertExactAsync(LocalPipeline pipeline, List<string> votes)
    {
        var expected = ElectionOracle.Standings(votes);
        Assert.Equal(expected, await PipelineResults.StandingsAsync(pipeline, [.. expected.Keys, "Nobody"]));
        Assert.Equal(ElectionOracle.Total(votes), await PipelineResults.TotalAsync(pipeline));
    }

    private static long Delivered(LocalTriggerHost host, IReadOnlySet<string> functions) => Delivered(host.Status(), functions);

    private static long Delivered(LocalHostSummary summary, IReadOnlySet<string> functions) =>
        summary.Functions.Where(f => functions.Contains(f.FunctionName)).Sum(f => f.RecordsDelivered);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Drain;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the pipeline did not get there in time");
            await Task.Delay(100);
        }
    }
}
