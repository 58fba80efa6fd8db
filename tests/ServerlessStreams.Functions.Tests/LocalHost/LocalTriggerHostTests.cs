using System.Collections.Concurrent;
using System.Text.Json;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.LocalHost;
using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.LocalHost;

/// <summary>The trigger loop against a real handler server over HTTP, with an in-memory partition for Kafka.</summary>
public class LocalTriggerHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TemporaryDirectory _app = new();
    private readonly CustomHandlerServer _server = new();
    private readonly ConcurrentQueue<(IReadOnlyList<KafkaEventRecord> Records, bool Accepted)> _invocations = new();

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task Batches_never_exceed_max_batch_size_and_every_record_arrives_once_in_order()
    {
        var source = new FakeBatchSource("votes", records: 10);
        MapStage(failFirst: 0);

        var summary = await RunUntil(source, batchSize: 3, done: host => host.Status()["stage-votes"].RecordsDelivered == 10);

        var batches = _invocations.Select(i => i.Records).ToList();
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 3));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), batches.SelectMany(b => b).Select(r => r.Offset));
        Assert.Equal(10, summary["stage-votes"].RecordsDelivered);
        Assert.Equal(4, summary["stage-votes"].Invocations);
        Assert.Equal(0, summary["stage-votes"].Lag);
    }

    [Fact]
    public async Task Records_read_after_a_refused_batch_are_delivered_after_it_in_order()
    {
        // Each read takes 8 batches' worth (24 records), so when the second batch is refused the read already holds
        // later records of the partition: they must come after the refused batch, never before it and never twice.
        var source = new FakeBatchSource("votes", records: 100);
        var calls = 0;
        _server.Map("stage-votes", (request, _) =>
        {
            var records = KafkaTriggerPayload.Decode(request, "events");
            var accept = Interlocked.Increment(ref calls) != 2;
            _invocations.Enqueue((records, accept));
            return accept ? Task.FromResult(InvocationResult.Empty()) : throw new InvalidOperationException("not now");
        });

        var summary = await RunUntil(source, batchSize: 3, done: host => host.Status()["stage-votes"].RecordsDelivered == 100);

        var accepted = _invocations.Where(i => i.Accepted).SelectMany(i => i.Records).Select(r => r.Offset).ToList();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), accepted);
        Assert.Equal(1, summary["stage-votes"].Failures);
        Assert.Equal(100, source.Committed);
        Assert.Equal(source.Commits.Order(), source.Commits);
    }

    [Fact]
    public async Task Partitions_are_delivered_side_by_side_and_a_refused_batch_is_redelivered_in_its_own_partition()
    {
        // Reads interleave the partitions three records at a time. Both partitions' first batches wait for each
        // other, which only works when they are in flight together; partition 0's second batch is refused once.
        var source = new FakeBatchSource("votes", records: 30, partitions: 2, chunk: 3);
        using var firstBatches = new CountdownEvent(2);
        var refused = 0;
        _server.Map("stage-votes", async (request, _) =>
        {
            var records = KafkaTriggerPayload.Decode(request, "events");
            if (records[0].Offset == 0)
            {
                firstBatches.Signal();
                Assert.True(await Task.Run(() => firstBatches.Wait(Patience)), "the partitions' first batches were not in flight together");
            }
            var accept = !(records[0].Partition == 0 && records[0].Offset == 3 && Interlocked.Exchange(ref refused, 1) == 0);
            _invocations.Enqueue((records, accept));
            return accept ? InvocationResult.Empty() : throw new InvalidOperationException("not now");
        });

        var summary = await RunUntil(source, batchSize: 3, done: host => host.Status()["stage-votes"].RecordsDelivered == 60);

        foreach (var partition in new[] { 0, 1 })
        {
            var accepted = _invocations.Where(i => i.Accepted).SelectMany(i => i.Records).Where(r => r.Partition == partition);
            Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), accepted.Select(r => r.Offset));
            Assert.Equal(30, source.CommittedOf(partition));
        }
        Assert.All(_invocations, i => Assert.Single(i.Records.Select(r => r.Partition).Distinct()));
        Assert.Equal(1, summary["stage-votes"].Failures);
        Assert.Equal(0, summary["stage-votes"].Lag);
    }

    [Fact]
    public async Task Offsets_are_committed_only_after_a_2xx()
    {
        var source = new FakeBatchSource("votes", records: 3);
        var commitsSeenByFailedCalls = new ConcurrentBag<int>();
        var calls = 0;
        _server.Map("stage-votes", (request, _) =>
        {
            commitsSeenByFailedCalls.Add(source.Commits.Count);
            return Interlocked.Increment(ref calls) <= 2
                ? throw new InvalidOperationException("storage is down")
                : Task.FromResult(InvocationResult.Empty());
        });

        var summary = await RunUntil(source, batchSize: 10, done: host => host.Status()["stage-votes"].RecordsDelivered == 3);

        Assert.Equal(3, calls);
        Assert.All(commitsSeenByFailedCalls, seen => Assert.Equal(0, seen));
        Assert.Equal([3L], source.Commits);
        Assert.Equal(2, summary["stage-votes"].Failures);
        Assert.Contains("storage is down", summary["stage-votes"].LastError);
    }

    [Fact]
    public async Task A_failing_handler_gets_the_same_records_again()
    {
        var source = new FakeBatchSource("votes", records: 5);
        MapStage(failFirst: 2);

        await RunUntil(source, batchSize: 5, done: host => host.Status()["stage-votes"].RecordsDelivered == 5);

        var invocations = _invocations.ToList();
        Assert.Equal([false, false, true], invocations.Select(i => i.Accepted));
        var first = invocations[0].Records;
        Assert.All(invocations, i => Assert.Equal(first, i.Records));
    }

    [Fact]
    public async Task A_404_from_the_handler_fails_the_invocation_and_commits_nothing()
    {
        var source = new FakeBatchSource("votes", records: 2);
        var failures = new ConcurrentBag<TriggerActivity>();

        var summary = await RunUntil(source, batchSize: 5, done: host => host.Status()["stage-votes"].Failures >= 2,
            address: new Uri(_server.BaseAddress, "elsewhere/"), activity: failures.Add);

        Assert.Equal(0, summary["stage-votes"].RecordsDelivered);
        Assert.Empty(source.Commits);
        Assert.Contains(failures, a => a.Kind == TriggerActivityKind.InvocationFailed && a.Error!.Contains("404"));
    }

    [Fact]
    public async Task Stage_invocations_carry_the_host_payload_and_an_invocation_id()
    {
        var source = new FakeBatchSource("votes", records: 2);
        InvocationRequest? seen = null;
        _server.Map("stage-votes", (request, _) =>
        {
            seen = request.Detach();
            return Task.FromResult(InvocationResult.Empty());
        });

        await RunUntil(source, batchSize: 5, done: host => host.Status()["stage-votes"].RecordsDelivered == 2);

        Assert.NotNull(seen);
        Assert.True(Guid.TryParse(seen!.InvocationId, out _));
        Assert.Equal(JsonValueKind.String, seen.Data["events"].ValueKind);
        Assert.Equal("[0,1]", seen.Metadata["OffsetArray"].GetString());
        Assert.Equal(["key-0", "key-1"], KafkaTriggerPayload.Decode(seen, "events").Select(r => r.Key));
    }

    [Fact]
    public async Task The_timer_function_is_called_on_its_schedule_with_the_timer_payload()
    {
        var ticks = new ConcurrentQueue<InvocationRequest>();
        _server.Map("sweeper", (request, _) =>
        {
            ticks.Enqueue(request.Detach());
            return Task.FromResult(InvocationResult.Empty());
        });
        var job = Job(batchSize: 5) with
        {
            Triggers = new[] { new TriggerSpec { Id = "t", WindowId = "w", On = TriggerKind.Timer, Period = TimeSpan.FromSeconds(1) } },
        };
        FunctionAppWriter.Write(_app.Path, job);
        var host = new LocalTriggerHost(Options(_server.BaseAddress) with { Functions = new HashSet<string> { "sweeper" } });

        var summary = await RunUntil(host, h => h.Status()["sweeper"].Invocations >= 2);

        Assert.True(ticks.TryPeek(out var first));
        var timer = first!.Data["timer"];
        Assert.False(TimerTriggerPayload.IsPastDue(timer));
        Assert.True(timer.GetProperty("Schedule").GetProperty("AdjustForDST").GetBoolean());
        var due = DateTimeOffset.Parse(timer.GetProperty("ScheduleStatus").GetProperty("LastUpdated").GetString()!);
        var next = DateTimeOffset.Parse(timer.GetProperty("ScheduleStatus").GetProperty("Next").GetString()!);
        Assert.Equal(TimeSpan.FromSeconds(1), next - due);
        Assert.Equal("timer", summary["sweeper"].Trigger);
    }

    [Fact]
    public async Task A_missing_app_setting_fails_before_anything_starts()
    {
        FunctionAppWriter.Write(_app.Path, Job(batchSize: 5));
        var host = new LocalTriggerHost(Options(_server.BaseAddress) with
        {
            AppSettings = new Dictionary<string, string> { ["KafkaBrokerList"] = "127.0.0.1:1" },
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.RunAsync(CancellationToken.None));

        Assert.Contains("stage-votes/function.json topic: app setting 'Topic_votes' is not set", error.Message);
    }

    [Fact]
    public async Task Cancelling_stops_the_loops_and_disposes_the_consumers()
    {
        var source = new FakeBatchSource("votes", records: 0);
        MapStage(failFirst: 0);

        var summary = await RunUntil(source, batchSize: 5, done: _ => true);

        Assert.True(source.Disposed);
        Assert.Equal(0, summary.RecordsDelivered);
    }

    private void MapStage(int failFirst)
    {
        var calls = 0;
        _server.Map("stage-votes", (request, _) =>
        {
            var records = KafkaTriggerPayload.Decode(request, "events");
            var accept = Interlocked.Increment(ref calls) > failFirst;
            _invocations.Enqueue((records, accept));
            return accept ? Task.FromResult(InvocationResult.Empty()) : throw new InvalidOperationException("not yet");
        });
    }

    private Task<LocalHostSummary> RunUntil(FakeBatchSource source, int batchSize, Func<LocalTriggerHost, bool> done,
        Uri? address = null, Action<TriggerActivity>? activity = null)
    {
        FunctionAppWriter.Write(_app.Path, Job(batchSize), new GenerationOptions { Kafka = KafkaConnectionOptions.Plaintext });
        var host = new LocalTriggerHost(Options(address ?? _server.BaseAddress) with
        {
            Functions = new HashSet<string> { "stage-votes" },
            SourceFactory = (_, _) => source,
        });
        if (activity is not null) host.Activity += activity;
        return RunUntil(host, done);
    }

    private static async Task<LocalHostSummary> RunUntil(LocalTriggerHost host, Func<LocalTriggerHost, bool> done)
    {
        using var stop = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Activity += _ =>
        {
            if (done(host)) reached.TrySetResult();
        };
        var run = host.RunAsync(stop.Token);
        if (done(host)) reached.TrySetResult();
        var finished = await Task.WhenAny(reached.Task, run, Task.Delay(Patience));
        await stop.CancelAsync();
        var summary = await run;
        Assert.True(finished == reached.Task, $"the condition was not reached within {Patience}: {summary.StatusLine()}");
        return summary;
    }

    private LocalTriggerHostOptions Options(Uri address) => new()
    {
        AppDirectory = _app.Path,
        HandlerAddress = address,
        AppSettings = new Dictionary<string, string>
        {
            ["KafkaBrokerList"] = "127.0.0.1:1",
            ["KafkaUsername"] = "",
            ["KafkaPassword"] = "",
            ["Topic_votes"] = "votes",
        },
        MaxBatchWait = TimeSpan.FromMilliseconds(20),
        MinRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    private static JobSpec Job(int batchSize) => new()
    {
        Name = "election",
        Catalog = new[] { new TaskSpec { Name = "votes", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "votes", BatchSize = batchSize } },
    };
}
