using System.Collections.Concurrent;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>The trigger host with a real isolated worker process: a worker that dies or hangs is replaced and the batch comes again.</summary>
public sealed class LocalTriggerHostProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly TestWorkerApp _app = new();
    private readonly ConcurrentQueue<TriggerActivity> _activity = new();
    private LocalTriggerHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task A_worker_that_exits_during_a_batch_is_restarted_and_the_batch_is_delivered_again_then_committed()
    {
        var source = new FakeBatchSource("votes", records: 3, value: offset => offset == 1 ? "crash-once" : $"vote-{offset}");

        var summary = await RunUntil(source, host => host.Status()["kafka-batch"].RecordsDelivered == 3);

        var batches = _app.AllRecorded("kafka");
        Assert.Equal(2, batches.Count);
        Assert.Equal(batches[0].GetProperty("Values").GetRawText(), batches[1].GetProperty("Values").GetRawText());
        Assert.Equal(batches[0].GetProperty("Metadata").GetProperty("OffsetArray").GetString(),
            batches[1].GetProperty("Metadata").GetProperty("OffsetArray").GetString());
        Assert.Equal([3L], source.Commits);
        Assert.Equal(1, summary["kafka-batch"].Failures);
        Assert.Contains("ended", summary["kafka-batch"].LastError);
    }

    [Fact]
    public async Task A_worker_that_leaves_a_batch_unanswered_is_restarted_and_nothing_is_committed()
    {
        var source = new FakeBatchSource("votes", records: 1, value: _ => "hang");
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var summary = await RunUntil(source, host => host.Status()["kafka-batch"].Failures >= 1,
            invocationTimeout: TimeSpan.FromSeconds(3), onStart: host => host.Worker.WorkerReady += n =>
            {
                if (n == 2) restarted.TrySetResult();
            });
        await restarted.Task.WaitAsync(Patience);

        Assert.Contains("got no response within", summary["kafka-batch"].LastError);
        Assert.Empty(source.Commits);
    }

    private async Task<LocalHostSummary> RunUntil(FakeBatchSource source, Func<LocalTriggerHost, bool> done,
        TimeSpan? invocationTimeout = null, Action<LocalTriggerHost>? onStart = null)
    {
        _host = new LocalTriggerHost(new LocalTriggerHostOptions
        {
            AppDirectory = TestWorkerApp.Directory,
            AppSettings = _app.Settings(),
            Functions = new HashSet<string> { "kafka-batch" },
            MaxBatchWait = TimeSpan.FromMilliseconds(20),
            MinRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            WorkerStartupTimeout = Patience,
            InvocationTimeout = invocationTimeout ?? Patience,
            SourceFactory = (_, _) => source,
        });
        var host = _host;
        await host.StartAsync(CancellationToken.None);
        onStart?.Invoke(host);
        using var stop = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Activity += activity =>
        {
            _activity.Enqueue(activity);
            if (done(host)) reached.TrySetResult();
        };
        var run = host.RunAsync(stop.Token);
        var finished = await Task.WhenAny(reached.Task, run, Task.Delay(Patience));
        await stop.CancelAsync();
        var summary = await run;
        Assert.True(finished == reached.Task, $"not reached within {Patience}: {summary.StatusLine()}");
        return summary;
    }
}
