using ServerlessStreams.Functions.Observability;

namespace ServerlessStreams.Functions.Tests.Observability;

public sealed class StreamMetricsListenerTests
{
    private static readonly DateTimeOffset Start = new(2024, 11, 5, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_BeforeAnything_IsAllZero()
    {
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics, new ManualTimeProvider(Start));

        var snapshot = listener.Snapshot();

        Assert.Equal(MetricsSnapshot.Empty(Start) with { RecordsInByTask = snapshot.RecordsInByTask }, snapshot);
        Assert.Empty(snapshot.RecordsInByTask);
        Assert.Null(snapshot.WatermarkLag);
    }

    [Fact]
    public void Snapshot_AddsUpEveryInstrument()
    {
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics, new ManualTimeProvider(Start));

        metrics.RecordsIn("election", "process-vote", 300);
        metrics.RecordsIn("election", "process-vote", 200);
        metrics.RecordsIn("election", "results", 40);
        metrics.RecordsOut("election", "process-vote", 450);
        metrics.BatchLatency("election", "process-vote", TimeSpan.FromMilliseconds(10));
        metrics.BatchLatency("election", "process-vote", TimeSpan.FromMilliseconds(30));
        metrics.EntityTransactions("election", "process-vote", 6);
        metrics.EntityConflicts("election", "process-vote");
        metrics.DedupeHits("election", "process-vote", 9);
        metrics.LateRecords("election", "process-vote", 3);
        metrics.DeadLetters("election", "process-vote", 2);
        metrics.DeadLetters("election", "results", 1);
        metrics.WindowsFired("election", "process-vote", "votes-per-hour", "every-10", 5);
        metrics.WindowsFired("election", "process-vote", "age-sum", "wm");

        var snapshot = listener.Snapshot();

        Assert.Equal(540, snapshot.RecordsIn);
        Assert.Equal(new Dictionary<string, long> { ["process-vote"] = 500, ["results"] = 40 }, snapshot.RecordsInByTask);
        Assert.Equal(450, snapshot.RecordsOut);
        Assert.Equal(2, snapshot.Batches);
        Assert.Equal(40, snapshot.BatchMillisecondsTotal);
        Assert.Equal(30, snapshot.BatchMillisecondsMax);
        Assert.Equal(20, snapshot.AverageBatchMilliseconds);
        Assert.Equal(6, snapshot.EntityTransactions);
        Assert.Equal(1, snapshot.EntityConflicts);
        Assert.Equal(9, snapshot.DedupeHits);
        Assert.Equal(3, snapshot.LateRecords);
        Assert.Equal(3, snapshot.DeadLetters);
        Assert.Equal(6, snapshot.WindowsFired);
    }

    [Fact]
    public void WatermarkLag_IsTheLargestOfEachTasksLatestValue()
    {
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics);

        metrics.WatermarkLag("election", "process-vote", TimeSpan.FromSeconds(9));
        metrics.WatermarkLag("election", "process-vote", TimeSpan.FromSeconds(2));
        metrics.WatermarkLag("election", "results", TimeSpan.FromSeconds(4));
        metrics.SweeperLag("election", TimeSpan.FromSeconds(7));
        metrics.SweeperLag("election", TimeSpan.FromSeconds(1));

        var snapshot = listener.Snapshot();

        Assert.Equal(TimeSpan.FromSeconds(4), snapshot.WatermarkLag);
        Assert.Equal(TimeSpan.FromSeconds(1), snapshot.SweeperLag);
    }

    [Fact]
    public void Snapshots_AreIndependentCopies()
    {
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics);
        metrics.RecordsIn("job", "task", 1);

        var before = listener.Snapshot();
        metrics.RecordsIn("job", "task", 1);
        var after = listener.Snapshot();

        Assert.Equal(1, before.RecordsIn);
        Assert.Equal(1, before.RecordsInByTask["task"]);
        Assert.Equal(2, after.RecordsIn);
        Assert.Equal(2, after.RecordsInByTask["task"]);
    }

    [Fact]
    public void RecordsPerSecond_ComeFromTwoSnapshotsAndTheClock()
    {
        var clock = new ManualTimeProvider(Start);
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics, clock);
        var first = listener.Snapshot();

        metrics.RecordsIn("job", "task", 500);
        metrics.RecordsOut("job", "task", 100);
        clock.Advance(TimeSpan.FromSeconds(2));
        var second = listener.Snapshot();

        Assert.Equal(250, second.RecordsInPerSecondSince(first));
        Assert.Equal(50, second.RecordsOutPerSecondSince(first));
        Assert.Equal(0, second.RecordsInPerSecondSince(second));
    }

    [Fact]
    public void OnlyTheGivenInstance_IsCounted()
    {
        using var mine = new StreamMetrics();
        using var other = new StreamMetrics();
        using var listener = new StreamMetricsListener(mine);

        other.RecordsIn("job", "task", 1000);
        mine.RecordsIn("job", "task", 1);

        Assert.Equal(1, listener.Snapshot().RecordsIn);
    }

    [Fact]
    public async Task ConcurrentRecording_LosesNothing()
    {
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                metrics.RecordsIn("job", $"task-{worker % 2}", 1);
                metrics.WindowsFired("job", $"task-{worker % 2}", "w", "t");
            }
        })));

        var snapshot = listener.Snapshot();
        Assert.Equal(8000, snapshot.RecordsIn);
        Assert.Equal(8000, snapshot.WindowsFired);
        Assert.Equal(4000, snapshot.RecordsInByTask["task-0"]);
        Assert.Equal(4000, snapshot.RecordsInByTask["task-1"]);
    }

    [Fact]
    public void AfterDispose_NothingMoreIsCounted()
    {
        using var metrics = new StreamMetrics();
        var listener = new StreamMetricsListener(metrics);
        metrics.RecordsIn("job", "task", 1);

        listener.Dispose();
        metrics.RecordsIn("job", "task", 1);

        Assert.Equal(1, listener.Snapshot().RecordsIn);
    }
}
