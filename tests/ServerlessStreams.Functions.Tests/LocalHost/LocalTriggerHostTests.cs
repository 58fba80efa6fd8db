using System.Collections.Concurrent;
using System.Text.Json;
using ServerlessStreams.Functions.Hosting;
using InvocationRequest = ServerlessStreams.Local.Host.Rpc.Messages.InvocationRequest;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc.Messages;
using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Functions.Tests.LocalHost.Rpc;

namespace ServerlessStreams.Functions.Tests.LocalHost;

/// <summary>The trigger loops over the gRPC channel to a worker played in-process, with an in-memory partition for Kafka.</summary>
public sealed class LocalTriggerHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TemporaryDirectory _app = new();
    private readonly ConcurrentQueue<InProcessWorker> _workers = new();
    private readonly ConcurrentQueue<(IReadOnlyList<KafkaEventRecord> Records, bool Accepted)> _invocations = new();
    private readonly WorkerScript _script = new()
    {
        Functions = [WorkerScript.KafkaFunction(), WorkerScript.TimerFunction()],
    };
    private readonly List<LocalTriggerHost> _hosts = [];

    public Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_app.Path, "Worker.dll"), "");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task Batches_never_exceed_max_batch_size_and_every_record_arrives_once_in_order()
    {
        var source = new FakeBatchSource("votes", records: 10);
        AnswerStage(failFirst: 0);

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
        AnswerStage(_ => Interlocked.Increment(ref calls) != 2);

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
        var bothFirst = new CountdownTask(2);
        var refused = 0;
        _script.Invoke = async (request, _) =>
        {
            var records = RpcRecords.Of(request);
            if (records[0].Offset == 0)
            {
                bothFirst.Signal();
                await bothFirst.Task.WaitAsync(Patience);
            }
            var accept = !(records[0].Partition == 0 && records[0].Offset == 3 && Interlocked.Exchange(ref refused, 1) == 0);
            _invocations.Enqueue((records, accept));
            return accept ? InProcessWorker.Success() : InProcessWorker.Failure("not now");
        };

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
    public async Task Offsets_are_stored_only_after_a_successful_invocation()
    {
        var source = new FakeBatchSource("votes", records: 3);
        var commitsSeenByFailedCalls = new ConcurrentBag<int>();
        var calls = 0;
        _script.Invoke = (_, _) =>
        {
            commitsSeenByFailedCalls.Add(source.Commits.Count);
            return Task.FromResult<StatusResult?>(Interlocked.Increment(ref calls) <= 2
                ? InProcessWorker.Failure("storage is down")
                : InProcessWorker.Success());
        };

        var summary = await RunUntil(source, batchSize: 10, done: host => host.Status()["stage-votes"].RecordsDelivered == 3);

        Assert.Equal(3, calls);
        Assert.All(commitsSeenByFailedCalls, seen => Assert.Equal(0, seen));
        Assert.Equal([3L], source.Commits);
        Assert.Equal(2, summary["stage-votes"].Failures);
        Assert.Contains("storage is down", summary["stage-votes"].LastError);
    }

    [Fact]
    public async Task A_failing_function_gets_the_same_records_again()
    {
        var source = new FakeBatchSource("votes", records: 5);
        AnswerStage(failFirst: 2);

        await RunUntil(source, batchSize: 5, done: host => host.Status()["stage-votes"].RecordsDelivered == 5);

        var invocations = _invocations.ToList();
        Assert.Equal([false, false, true], invocations.Select(i => i.Accepted));
        var first = invocations[0].Records;
        Assert.All(invocations, i => Assert.Equal(first, i.Records));
    }

    [Fact]
    public async Task An_invocation_the_worker_answered_but_a_wrapper_failed_is_delivered_again_and_not_committed_meanwhile()
    {
        // As when the host dies between the worker's entity commit and the offset commit: the worker did the work,
        // the offsets were not stored, so the batch comes again and an idempotent stage ignores it.
        var source = new FakeBatchSource("votes", records: 4);
        AnswerStage(failFirst: 0);
        var wrapped = 0;
        var commitsWhenWrapperFailed = -1;

        var summary = await RunUntil(source, batchSize: 4, done: host => host.Status()["stage-votes"].RecordsDelivered == 4,
            wrap: invoker => new FailingOnce(invoker, () =>
            {
                commitsWhenWrapperFailed = source.Commits.Count;
                return Interlocked.Increment(ref wrapped) == 1;
            }));

        Assert.Equal(2, _invocations.Count(i => i.Accepted));
        Assert.Equal(_invocations.First().Records, _invocations.Last().Records);
        Assert.Equal(0, commitsWhenWrapperFailed);
        Assert.Equal([4L], source.Commits);
        Assert.Equal(1, summary["stage-votes"].Failures);
    }

    [Fact]
    public async Task A_worker_that_exits_mid_batch_is_restarted_and_the_batch_is_delivered_again()
    {
        var source = new FakeBatchSource("votes", records: 3);
        var crashed = 0;
        _script.Invoke = (request, worker) =>
        {
            var records = RpcRecords.Of(request);
            if (Interlocked.Exchange(ref crashed, 1) == 0)
            {
                _invocations.Enqueue((records, false));
                worker.Crash(3);
                return Task.FromResult<StatusResult?>(null);
            }
            _invocations.Enqueue((records, true));
            return Task.FromResult<StatusResult?>(InProcessWorker.Success());
        };

        var summary = await RunUntil(source, batchSize: 3, done: host => host.Status()["stage-votes"].RecordsDelivered == 3);

        Assert.Equal(2, _workers.Count);
        Assert.Equal(_invocations.First().Records, _invocations.Last().Records);
        Assert.Equal([3L], source.Commits);
        Assert.Contains("ended", summary["stage-votes"].LastError);
    }

    [Fact]
    public async Task Stage_invocations_carry_the_batch_and_its_trigger_metadata_and_an_invocation_id()
    {
        var source = new FakeBatchSource("votes", records: 2);
        var seen = new ConcurrentQueue<InvocationRequest>();
        _script.Invoke = (request, _) =>
        {
            seen.Enqueue(request);
            return Task.FromResult<StatusResult?>(InProcessWorker.Success());
        };

        await RunUntil(source, batchSize: 5, done: host => host.Status()["stage-votes"].RecordsDelivered == 2);

        var request = Assert.Single(seen);
        Assert.True(Guid.TryParse(request.InvocationId, out _));
        Assert.Equal("id-stage-votes", request.FunctionId);
        Assert.Equal([0L, 1], request.TriggerMetadata["OffsetArray"].CollectionSint64.Sint64);
        Assert.Equal(["key-0", "key-1"], RpcRecords.Of(request).Select(r => r.Key));
    }

    [Fact]
    public async Task The_timer_function_is_called_on_its_schedule_from_the_app_settings_with_the_timer_info()
    {
        var ticks = new ConcurrentQueue<InvocationRequest>();
        _script.Invoke = (request, _) =>
        {
            ticks.Enqueue(request);
            return Task.FromResult<StatusResult?>(InProcessWorker.Success());
        };
        var host = NewHost(batchSize: 5);

        var summary = await RunUntil(host, h => h.Status()["sweeper"].Invocations >= 2);

        Assert.True(ticks.TryPeek(out var first));
        Assert.Equal("id-sweeper", first!.FunctionId);
        using var timer = JsonDocument.Parse(first.InputData.Single(b => b.Name == "timer").Data.Json);
        Assert.False(timer.RootElement.GetProperty("IsPastDue").GetBoolean());
        Assert.True(timer.RootElement.GetProperty("Schedule").GetProperty("AdjustForDST").GetBoolean());
        var status = timer.RootElement.GetProperty("ScheduleStatus");
        var due = DateTimeOffset.Parse(status.GetProperty("LastUpdated").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var next = DateTimeOffset.Parse(status.GetProperty("Next").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(1), next - due);
        Assert.Equal("timer", summary["sweeper"].Trigger);
    }

    [Fact]
    public async Task The_functions_and_their_bindings_come_from_the_workers_metadata()
    {
        var host = NewHost(batchSize: 5);
        _script.Functions.Add(WorkerScript.Function("query",
            """{"name":"req","type":"httpTrigger","direction":"In","route":"jobs/{job}","methods":["get"]}""",
            """{"name":"$return","type":"http","direction":"Out"}"""));

        await host.StartAsync(CancellationToken.None);

        var kafka = Assert.Single(host.App.KafkaFunctions);
        Assert.Equal(("stage-votes", "events", "%Topic_votes%", "%KafkaBrokerList%", "election-votes"),
            (kafka.Name, kafka.BindingName, kafka.Topic, kafka.BrokerList, kafka.ConsumerGroup));
        Assert.Equal("*/1 * * * * *", Assert.Single(host.App.TimerFunctions).Schedule);
        Assert.Equal(["query"], host.App.HttpFunctions);
        Assert.Equal(5, host.App.MaxBatchSize);
    }

    [Fact]
    public async Task A_missing_app_setting_fails_before_anything_starts()
    {
        var host = NewHost(batchSize: 5, settings: new Dictionary<string, string>
        {
            ["KafkaBrokerList"] = "127.0.0.1:1",
            ["SweepSchedule"] = "*/1 * * * * *",
        }, allFunctions: true);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.RunAsync(CancellationToken.None));

        Assert.Contains("function 'stage-votes' kafkaTrigger topic: app setting 'Topic_votes' is not set", error.Message);
    }

    [Fact]
    public async Task A_run_triggers_only_the_functions_it_names_and_the_counters_of_every_run_stay()
    {
        var source = new FakeBatchSource("votes", records: 10);
        _script.Invoke = (_, _) => Task.FromResult<StatusResult?>(InProcessWorker.Success());
        var host = NewHost(batchSize: 5, source: source, allFunctions: true);
        await host.StartAsync(CancellationToken.None);

        var first = await RunUntil(host, h => h.Status()["stage-votes"].RecordsDelivered == 10, functions: new HashSet<string> { "stage-votes" });
        Assert.Equal(["stage-votes"], first.Functions.Select(f => f.FunctionName));

        var second = await RunUntil(host, h => h.Status()["sweeper"].Invocations >= 1, functions: new HashSet<string> { "sweeper" });
        Assert.Equal(["stage-votes", "sweeper"], second.Functions.Select(f => f.FunctionName));
        Assert.Equal(10, second["stage-votes"].RecordsDelivered);
    }

    [Fact]
    public async Task Cancelling_stops_the_loops_and_disposes_the_consumers()
    {
        var source = new FakeBatchSource("votes", records: 0);
        AnswerStage(failFirst: 0);

        var host = NewHost(batchSize: 5, source: source);
        await host.StartAsync(CancellationToken.None);

        var summary = await RunUntil(host, done: h => h.Status().Functions.Count == 1);

        Assert.True(source.Disposed);
        Assert.Equal(0, summary.RecordsDelivered);
    }

    private void AnswerStage(int failFirst)
    {
        var calls = 0;
        AnswerStage(_ => Interlocked.Increment(ref calls) > failFirst);
    }

    private void AnswerStage(Func<IReadOnlyList<KafkaEventRecord>, bool> accept) =>
        _script.Invoke = (request, _) =>
        {
            var records = RpcRecords.Of(request);
            var accepted = accept(records);
            _invocations.Enqueue((records, accepted));
            return Task.FromResult<StatusResult?>(accepted ? InProcessWorker.Success() : InProcessWorker.Failure("not yet"));
        };

    private Task<LocalHostSummary> RunUntil(FakeBatchSource source, int batchSize, Func<LocalTriggerHost, bool> done,
        Func<IFunctionInvoker, IFunctionInvoker>? wrap = null)
    {
        var host = NewHost(batchSize, source: source, wrap: wrap);
        return RunUntil(host, done);
    }

    private static async Task<LocalHostSummary> RunUntil(LocalTriggerHost host, Func<LocalTriggerHost, bool> done,
        IReadOnlySet<string>? functions = null)
    {
        using var stop = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Until the loops start, no function has counters to ask about.
        bool Done()
        {
            try
            {
                return done(host);
            }
            catch (KeyNotFoundException)
            {
                return false;
            }
        }
        host.Activity += _ =>
        {
            if (Done()) reached.TrySetResult();
        };
        var run = host.RunAsync(functions, stop.Token);
        if (Done()) reached.TrySetResult();
        var finished = await Task.WhenAny(reached.Task, run, Task.Delay(Patience));
        await stop.CancelAsync();
        var summary = await run;
        Assert.True(finished == reached.Task, $"the condition was not reached within {Patience}: {summary.StatusLine()}");
        return summary;
    }

    private LocalTriggerHost NewHost(int batchSize, FakeBatchSource? source = null, Func<IFunctionInvoker, IFunctionInvoker>? wrap = null,
        IReadOnlyDictionary<string, string>? settings = null, bool allFunctions = false)
    {
        File.WriteAllText(Path.Combine(_app.Path, "host.json"),
            """{"version":"2.0","extensions":{"kafka":{"maxRetries":-1,"maxBatchSize":""" + batchSize + "}}}");
        var host = new LocalTriggerHost(new LocalTriggerHostOptions
        {
            AppDirectory = _app.Path,
            WorkerPath = "Worker.dll",
            AppSettings = settings ?? new Dictionary<string, string>
            {
                ["KafkaBrokerList"] = "127.0.0.1:1",
                ["Topic_votes"] = "votes",
                ["SweepSchedule"] = "*/1 * * * * *",
            },
            Functions = allFunctions ? null : source is null ? new HashSet<string> { "sweeper" } : new HashSet<string> { "stage-votes" },
            MaxBatchWait = TimeSpan.FromMilliseconds(20),
            MinRetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            WorkerStartupTimeout = Patience,
            InvocationTimeout = Patience,
            WrapInvoker = wrap,
            SourceFactory = source is null ? null : (_, _) => source,
            StartWorker = InProcessWorker.Starter(_script, _workers),
        });
        _hosts.Add(host);
        return host;
    }

    /// <summary>Turns the worker's success into a failure when <paramref name="fail"/> says so, after the worker answered.</summary>
    private sealed class FailingOnce(IFunctionInvoker inner, Func<bool> fail) : IFunctionInvoker
    {
        public async Task<InvocationStatus> InvokeAsync(string functionName, InvocationRequest request, CancellationToken cancellationToken)
        {
            var outcome = await inner.InvokeAsync(functionName, request, cancellationToken);
            return outcome.Succeeded && fail() ? InvocationStatus.Failure("the host died before storing the offsets") : outcome;
        }
    }

    /// <summary>Completes once signalled <paramref name="count"/> times.</summary>
    private sealed class CountdownTask(int count)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _left = count;

        public Task Task => _done.Task;

        public void Signal()
        {
            if (Interlocked.Decrement(ref _left) == 0) _done.TrySetResult();
        }
    }
}
