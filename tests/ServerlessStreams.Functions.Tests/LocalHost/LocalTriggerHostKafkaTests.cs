using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Local.Kafka;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc.Messages;
using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Functions.Tests.LocalHost.Rpc;

namespace ServerlessStreams.Functions.Tests.LocalHost;

/// <summary>Delivery semantics of the local trigger host against the embedded Kafka and a worker played in-process over gRPC.</summary>
public sealed class LocalTriggerHostKafkaTests : IAsyncLifetime
{
    private const string Topic = "votes";
    private const int Partitions = 2;
    private const int RecordCount = 40;
    private const int BatchSize = 7;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TemporaryDirectory _app = new();
    private readonly WorkerScript _script = new() { Functions = [WorkerScript.KafkaFunction()] };
    private readonly ConcurrentQueue<InProcessWorker> _workers = new();
    private readonly List<LocalTriggerHost> _hosts = [];
    private readonly ConcurrentQueue<(IReadOnlyList<KafkaEventRecord> Records, bool Accepted)> _invocations = new();
    private EmbeddedKafka _kafka = null!;
    private int _failuresLeft;

    public async Task InitializeAsync()
    {
        _kafka = EmbeddedKafka.Start();
        _kafka.CreateTopic(Topic, Partitions);
        await ProduceAsync(RecordCount);
        File.WriteAllText(Path.Combine(_app.Path, "host.json"),
            "{\"version\":\"2.0\",\"extensions\":{\"kafka\":{\"maxBatchSize\":" + BatchSize + "}}}");
        File.WriteAllText(Path.Combine(_app.Path, "Worker.dll"), "");
        _script.Invoke = (request, _) =>
        {
            var records = RpcRecords.Of(request);
            var accept = Interlocked.Decrement(ref _failuresLeft) < 0;
            _invocations.Enqueue((records, accept));
            return Task.FromResult<StatusResult?>(accept ? InProcessWorker.Success() : InProcessWorker.Failure("storage is down"));
        };
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        _kafka.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task Every_record_is_delivered_in_batches_of_at_most_max_batch_size_and_committed()
    {
        var summary = await RunUntilDelivered(RecordCount);

        var accepted = _invocations.Where(i => i.Accepted).Select(i => i.Records).ToList();
        Assert.All(_invocations, i => Assert.InRange(i.Records.Count, 1, BatchSize));
        Assert.Equal(RecordCount, accepted.Sum(b => b.Count));
        Assert.Equal(Expected(), accepted.SelectMany(b => b).Select(r => (r.Partition, r.Offset)).Order().ToList());
        Assert.Equal(RecordCount, summary["stage-votes"].RecordsDelivered);
        Assert.Equal(0, summary["stage-votes"].Lag);
        Assert.Equal(RecordCount, CommittedTotal());
    }

    [Fact]
    public async Task Records_keep_key_value_timestamp_and_headers()
    {
        await RunUntilDelivered(RecordCount);

        var record = _invocations.SelectMany(i => i.Records).First(r => r.Key == "voter-3");
        Assert.Equal("{\"voterId\":3,\"candidate\":\"c0\"}", record.ValueText);
        Assert.Equal(1_773_662_400_003, record.Timestamp);
        Assert.Equal("votes/3", Encoding.UTF8.GetString(Assert.Single(record.Headers).Value));
    }

    [Fact]
    public async Task A_failing_invocation_gets_the_same_records_again_and_nothing_is_committed_meanwhile()
    {
        _failuresLeft = 3;

        var summary = await RunUntilDelivered(RecordCount);

        var invocations = _invocations.ToList();
        Assert.Equal([false, false, false], invocations.Take(3).Select(i => i.Accepted));
        // After a failure each partition is read again from the failed batch's first record; the broker may
        // interleave the partitions differently, so compare per partition.
        for (var i = 1; i <= 3; i++)
        {
            var failed = FirstOffsets(invocations[i - 1].Records);
            var again = FirstOffsets(invocations[i].Records);
            Assert.NotEmpty(again);
            Assert.All(again, p => Assert.Equal(failed.GetValueOrDefault(p.Key, p.Value), p.Value));
        }
        var firstFailed = invocations[0].Records.Select(r => (r.Partition, r.Offset)).ToHashSet();
        var acceptedLater = invocations.Where(i => i.Accepted).SelectMany(i => i.Records).Select(r => (r.Partition, r.Offset)).ToHashSet();
        Assert.Subset(acceptedLater, firstFailed);
        Assert.Equal(3, summary["stage-votes"].Failures);
        Assert.Equal(Expected(), invocations.Where(i => i.Accepted).SelectMany(i => i.Records).Select(r => (r.Partition, r.Offset)).Order().ToList());
        Assert.Equal(RecordCount, CommittedTotal());
    }

    [Fact]
    public async Task Offsets_are_committed_only_after_a_successful_invocation()
    {
        _failuresLeft = int.MaxValue;

        var summary = await RunUntil(host => host.Status()["stage-votes"].Failures >= 3);

        Assert.Equal(0, summary["stage-votes"].RecordsDelivered);
        Assert.Equal(0, CommittedTotal());
    }

    [Fact]
    public async Task Offsets_of_succeeded_batches_are_committed_in_the_background_while_the_host_runs()
    {
        var host = NewHost();
        await host.StartAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var run = host.RunAsync(stop.Token);
        try
        {
            var committed = 0L;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            // Stored after each successful invocation, committed by the client every autoCommitIntervalMs (200 ms by default).
            while ((committed = CommittedTotal()) < RecordCount && waited.Elapsed < Patience) await Task.Delay(100);

            Assert.Equal(RecordCount, committed);
            Assert.False(run.IsCompleted);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    [Fact]
    public async Task A_restarted_host_resumes_after_the_committed_offsets()
    {
        await RunUntilDelivered(RecordCount);
        var before = _invocations.Count;
        await ProduceAsync(5, from: RecordCount);

        await RunUntilDelivered(5);

        var second = _invocations.Skip(before).SelectMany(i => i.Records).ToList();
        Assert.Equal(5, second.Count);
        Assert.All(second, r => Assert.StartsWith("voter-4", r.Key));
    }

    [Fact]
    public async Task Each_host_reports_the_partitions_its_consumer_holds_and_two_hosts_in_one_group_split_them()
    {
        var first = NewHost();
        var second = NewHost();
        await Task.WhenAll(first.StartAsync(CancellationToken.None), second.StartAsync(CancellationToken.None));
        using var stop = new CancellationTokenSource();
        var firstRun = first.RunAsync(stop.Token);
        Task<LocalHostSummary>? secondRun = null;
        IReadOnlyList<int>? alone = null, held = null, heldBySecond = null;
        try
        {
            await WaitUntilAsync(() => (alone = Assigned(first)) is { Count: 2 });
            secondRun = second.RunAsync(stop.Token);
            // The join moves one partition over: then each host holds one.
            await WaitUntilAsync(() => (held = Assigned(first)) is { Count: 1 } && (heldBySecond = Assigned(second)) is { Count: 1 });
        }
        finally
        {
            await stop.CancelAsync();
            await firstRun;
            if (secondRun is not null) await secondRun;
        }
        Assert.Equal([0, 1], alone);
        Assert.Equal([0, 1], held!.Concat(heldBySecond!).Order());
    }

    private Task<LocalHostSummary> RunUntilDelivered(int records) =>
        RunUntil(host => host.Status()["stage-votes"].RecordsDelivered >= records);

    private async Task<LocalHostSummary> RunUntil(Func<LocalTriggerHost, bool> done)
    {
        var host = NewHost();
        using var stop = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Activity += _ =>
        {
            if (done(host)) reached.TrySetResult();
        };
        await host.StartAsync(CancellationToken.None);
        var run = host.RunAsync(stop.Token);
        var finished = await Task.WhenAny(reached.Task, run, Task.Delay(Patience));
        await stop.CancelAsync();
        var summary = await run;
        Assert.True(finished == reached.Task, $"not reached within {Patience}: {summary.StatusLine()}");
        return summary;
    }

    private LocalTriggerHost NewHost()
    {
        var host = new LocalTriggerHost(new LocalTriggerHostOptions
        {
            AppDirectory = _app.Path,
            WorkerPath = "Worker.dll",
            StartWorker = InProcessWorker.Starter(_script, _workers),
            AppSettings = new Dictionary<string, string>
            {
                ["KafkaBrokerList"] = _kafka.BootstrapServers,
                ["Topic_votes"] = Topic,
            },
            Functions = new HashSet<string> { "stage-votes" },
            MaxBatchWait = TimeSpan.FromMilliseconds(50),
            MinRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            // The embedded broker waits for a departed member up to the session timeout; keep it at the broker minimum.
            ConsumerSessionTimeout = TimeSpan.FromSeconds(6),
        });
        _hosts.Add(host);
        return host;
    }

    private async Task ProduceAsync(int count, int from = 0)
    {
        using var producer = new ProducerBuilder<string, string>(new KafkaClientSettings(_kafka.BootstrapServers).ToProducerConfig()).Build();
        for (var i = from; i < from + count; i++)
        {
            await producer.ProduceAsync(new TopicPartition(Topic, i % Partitions), new Message<string, string>
            {
                Key = $"voter-{i}",
                Value = $"{{\"voterId\":{i},\"candidate\":\"c{i % 3}\"}}",
                Timestamp = new Timestamp(1_773_662_400_000 + i, TimestampType.CreateTime),
                Headers = new Headers { { "ss-id", Encoding.UTF8.GetBytes($"votes/{i}") } },
            });
        }
    }

    private static IReadOnlyList<int>? Assigned(LocalTriggerHost host) => host.Status()["stage-votes"].AssignedPartitions;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Patience, $"not reached within {Patience}");
            await Task.Delay(50);
        }
    }

    private static Dictionary<int, long> FirstOffsets(IReadOnlyList<KafkaEventRecord> records) =>
        records.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.Min(r => r.Offset));

    private static List<(int Partition, long Offset)> Expected() =>
        Enumerable.Range(0, RecordCount).Select(i => (i % Partitions, (long)(i / Partitions))).Order().ToList();

    private long CommittedTotal()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(
            new KafkaClientSettings(_kafka.BootstrapServers).ToConsumerConfig("election-votes")).Build();
        var committed = consumer.Committed(
            Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p)), TimeSpan.FromSeconds(10));
        return committed.Sum(c => c.Offset == Offset.Unset ? 0 : c.Offset.Value);
    }
}
