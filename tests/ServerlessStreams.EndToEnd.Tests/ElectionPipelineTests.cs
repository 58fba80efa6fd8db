using System.Text.Json.Nodes;
using Confluent.Kafka;
using Election;
using ServerlessStreams.Local.Azurite;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Local;
using ServerlessStreams.Local.Host;

namespace ServerlessStreams.EndToEnd.Tests;

/// <summary>
/// The election job end to end: embedded Kafka, the built function app started as an isolated worker by the local
/// host, which speaks the Functions host's gRPC protocol to it, and window entities in the worker's process or on
/// Azurite. Results are read back through the app's query and views functions.
/// </summary>
public sealed class ElectionPipelineTests
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(120);

    private static readonly LocalPipelineOptions Fast = new()
    {
        MaxBatchWait = TimeSpan.FromMilliseconds(100),
        ConsumerSessionTimeout = TimeSpan.FromSeconds(6),
    };

    [Fact]
    public async Task Final_results_on_Azurite_equal_the_oracle()
    {
        await using var azurite = await AzuriteRunner.StartAsync();
        var votes = VoteGenerator.Generate(1500, seed: 11).ToList();
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with { StorageConnectionString = azurite.ConnectionString });

        await pipeline.ProduceAsync("votes", votes, LocalPipeline.KeyFromField("voterId"));
        pipeline.StartTriggers();
        await pipeline.WaitForDrainAsync(votes.Count, Drain);

        Assert.Equal(ElectionOracle.Standings(votes), await PipelineResults.StandingsOfEveryKeyAsync(pipeline, azurite.ConnectionString));
        Assert.Equal(ElectionOracle.Total(votes), await PipelineResults.TotalAsync(pipeline));
        Assert.Equal(ElectionOracle.Standings(votes), await PipelineResults.StandingsViewAsync(pipeline));
    }

    [Fact]
    public async Task A_batch_redelivered_after_its_entities_committed_changes_no_result()
    {
        await using var azurite = await AzuriteRunner.StartAsync();
        var votes = VoteGenerator.Generate(1200, seed: 12).ToList();
        var stage = FunctionNames.Stage("votes");
        var lost = 0;
        // The first two batches commit their window entities and outputs in the worker, then the invocation counts
        // as failed: offsets stay uncommitted, exactly as when the host dies between the worker's answer and the
        // offset commit.
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with
        {
            StorageConnectionString = azurite.ConnectionString,
            WrapInvoker = worker => new FailingAfterAnswer(worker, stage, () => Interlocked.Increment(ref lost) <= 2),
        });

        await pipeline.ProduceAsync("votes", votes, LocalPipeline.KeyFromField("voterId"));
        pipeline.StartTriggers();
        await WaitUntilAsync(() => Volatile.Read(ref lost) >= 2);
        // Stop and restart the triggers too: the new consumers resume from the last committed offsets.
        await pipeline.StopTriggersAsync();
        pipeline.StartTriggers();
        await WaitUntilAsync(() => pipeline.AllCommittedAsync());

        Assert.True(lost > 2);
        Assert.Equal(ElectionOracle.Standings(votes), await PipelineResults.StandingsOfEveryKeyAsync(pipeline, azurite.ConnectionString));
        Assert.Equal(ElectionOracle.Total(votes), await PipelineResults.TotalAsync(pipeline));
    }

    [Fact]
    public async Task A_worker_killed_while_it_works_is_restarted_and_counts_exactly()
    {
        await using var azurite = await AzuriteRunner.StartAsync();
        var votes = VoteGenerator.Generate(3000, seed: 14).ToList();
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with { StorageConnectionString = azurite.ConnectionString });
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipeline.TriggerHost.Worker.WorkerReady += starts =>
        {
            if (starts > 1) restarted.TrySetResult();
        };

        await pipeline.ProduceAsync("votes", votes, LocalPipeline.KeyFromField("voterId"));
        pipeline.StartTriggers();
        await WaitUntilAsync(() => pipeline.TriggerHost.Status().RecordsDelivered > 0);
        var first = pipeline.TriggerHost.Worker.WorkerProcessId;
        System.Diagnostics.Process.GetProcessById(first).Kill();
        await restarted.Task.WaitAsync(Drain);
        await pipeline.WaitForDrainAsync(votes.Count, Drain);

        Assert.NotEqual(first, pipeline.TriggerHost.Worker.WorkerProcessId);
        Assert.Equal(ElectionOracle.Standings(votes), await PipelineResults.StandingsOfEveryKeyAsync(pipeline, azurite.ConnectionString));
        Assert.Equal(ElectionOracle.Total(votes), await PipelineResults.TotalAsync(pipeline));
    }

    [Fact]
    public async Task Two_local_hosts_sharing_a_consumer_group_through_a_rebalance_count_exactly()
    {
        await using var azurite = await AzuriteRunner.StartAsync();
        // More votes than the test needs: it keeps producing until the second instance has taken partitions over.
        var available = VoteGenerator.Generate(20_000, seed: 13).ToList();
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with
        {
            Partitions = 4,
            StorageConnectionString = azurite.ConnectionString,
        });
        await pipeline.ProduceAsync("votes", available.Take(1000), LocalPipeline.KeyFromField("voterId"));
        var produced = 1000;
        pipeline.StartTriggers();
        await WaitUntilAsync(() => pipeline.TriggerHost.Status().RecordsDelivered > 0);

        // A second instance of the app (host + worker) joins the group: the four partitions are split between the two.
        await using var second = new LocalTriggerHost(new LocalTriggerHostOptions
        {
            AppDirectory = pipeline.AppDirectory,
            AppSettings = pipeline.AppSettings,
            MaxBatchWait = Fast.MaxBatchWait,
            ConsumerSessionTimeout = Fast.ConsumerSessionTimeout,
            Functions = new HashSet<string>([FunctionNames.Stage("votes")]),
        });
        using var stopSecond = new CancellationTokenSource();
        var secondRun = Task.Run(() => second.RunAsync(stopSecond.Token));

        // Votes keep coming, a chunk once the last one is delivered, until the second instance has delivered some
        // (its worker starting and the rebalance take their time on a loaded machine) and 2,000 are in.
        while (produced < 2000 || second.Status().RecordsDelivered == 0)
        {
            Assert.True(produced < available.Count, "the second host never got a partition");
            if (secondRun.IsCompleted) await secondRun;
            await pipeline.ProduceAsync("votes", available.Skip(produced).Take(100), LocalPipeline.KeyFromField("voterId"));
            produced += 100;
            var target = produced;
            await WaitUntilAsync(() => StageRecords(pipeline.TriggerHost) + StageRecords(second) >= target);
        }
        var votes = available.Take(produced).ToList();

        // Delivered counts include batches redelivered by the rebalance; the groups' committed offsets do not.
        await WaitUntilAsync(() => pipeline.AllCommittedAsync());
        await pipeline.StopTriggersAsync();
        await stopSecond.CancelAsync();
        var secondSummary = await secondRun;

        Assert.True(secondSummary.RecordsDelivered > 0, "the second host never got a partition");
        Assert.Equal(ElectionOracle.Standings(votes), await PipelineResults.StandingsOfEveryKeyAsync(pipeline, azurite.ConnectionString));
        Assert.Equal(ElectionOracle.Total(votes), await PipelineResults.TotalAsync(pipeline));
    }

    [Fact]
    public async Task Malformed_records_land_in_the_dead_letter_topic_with_their_reasons()
    {
        var votes = new List<string>
        {
            """{"voterId":"v1","candidate":"Alice","eventTime":"2026-11-03T08:00:00Z"}""",
            """{"voterId":"v2","candid""",
            """["an","array"]""",
            """{"voterId":"v3","candidate":"Bob","eventTime":"soon"}""",
            """{"voterId":"v4","candidate":"Bob","eventTime":"2026-11-03T08:00:01Z"}""",
        };
        await using var pipeline = await LocalPipeline.StartAsync(ElectionJob.Load(), Fast with { Partitions = 1 });
        await pipeline.ProduceAsync("votes", votes);
        pipeline.StartTriggers();
        await pipeline.WaitForDrainAsync(votes.Count, Drain);

        var letters = ConsumeAll(pipeline.BootstrapServers, "election-dead-letters");
        var reasons = letters.Select(l => (Offset: l["offset"]!.GetValue<long>(), Reason: l["reason"]!.GetValue<string>())).Distinct().ToList();
        Assert.Contains((1L, "not JSON"), reasons);
        Assert.Contains((2L, "not an object"), reasons);
        Assert.Contains(reasons, r => r.Offset == 3 && r.Reason.Contains("eventTime", StringComparison.Ordinal));
        Assert.All(letters, l => Assert.Equal("votes", l["topic"]!.GetValue<string>()));
        Assert.Equal(new Dictionary<string, long> { ["Alice"] = 1, ["Bob"] = 1 },
            await PipelineResults.StandingsAsync(pipeline, ["Alice", "Bob", "Carol"]));
    }

    private static List<JsonObject> ConsumeAll(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "dead-letter-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var letters = new List<JsonObject>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (record?.Message is { } message)
            {
                letters.Add(JsonNode.Parse(message.Value)!.AsObject());
                quietSince = DateTime.UtcNow;
            }
            else if (letters.Count > 0 && DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(2)) break;
        }
        consumer.Close();
        return letters;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Drain;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the pipeline did not get there in time");
            await Task.Delay(100);
        }
    }

    /// <summary>Votes a host's stage function delivered (its keyed functions' records not counted).</summary>
    private static long StageRecords(LocalTriggerHost host) =>
        host.Status().Functions.Where(f => f.FunctionName == FunctionNames.Stage("votes")).Sum(f => f.RecordsDelivered);
}
