using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Spec;

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

        Assert.Equal(MetricsSnapshot.Empty(Start) with { Tasks = snapshot.Tasks, Firings = snapshot.Firings }, snapshot);
        Assert.Empty(snapshot.Tasks);
        Assert.Empty(snapshot.Firings);
        Assert.Null(snapshot.WatermarkLag);
        Assert.Null(snapshot.LastSweep);
    }

    [Fact]
    public void Snapshot_AddsUpEveryInstrument()
    {
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics, new ManualTimeProvider(Start));

        metrics.RecordsIn("election", "votes", TaskType.Input, 300);
        metrics.RecordsIn("election", "votes", TaskType.Input, 200);
        metrics.RecordsOut("election", "votes", TaskType.Input, 498);
        metrics.RecordsIn("election", "process-vote", TaskType.Function, 498);
        metrics.RecordsOut("election", "process-vote", TaskType.Function, 460);
        metrics.RecordsIn("election", "results", TaskType.Output, 450);
        metrics.RecordsOut("election", "results", TaskType.Output, 450);
        metrics.BatchLatency("election", "votes", TimeSpan.FromMilliseconds(10));
        metrics.BatchLatency("election", "votes", TimeSpan.FromMilliseconds(30));
        metrics.EntityTransactions("election", "votes", 6);
        metrics.EntityConflicts("election", "votes");
        metrics.DedupeHits("election", "votes", 9);
        metrics.LateRecords("election", "process-vote", 3);
        metrics.DeadLetters("election", "votes", 2);
        metrics.DeadLetters("election", "process-vote", 1);
        metrics.WindowsFired("election", "process-vote", "votes-per-hour", "every-10", 5);
        metrics.WindowsFired("election", "process-vote", "age-sum", "wm");

        var snapshot = listener.Snapshot();

        Assert.Equal(500, snapshot.RecordsIn);
        Assert.Equal(450, snapshot.RecordsOut);
        Assert.Equal(new TaskTotals { RecordsIn = 500, RecordsOut = 498, DeadLetters = 2 }, snapshot.Tasks["votes"]);
        Assert.Equal(new TaskTotals { RecordsIn = 498, RecordsOut = 460, Late = 3, DeadLetters = 1 }, snapshot.Tasks["process-vote"]);
        Assert.Equal(new TaskTotals { RecordsIn = 450, RecordsOut = 450 }, snapshot.Tasks["results"]);
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
    public void The_pipeline_counts_records_in_through_input_tasks_and_out_through_output_tasks()
    {
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics);

        metrics.RecordsIn("election", "votes", TaskType.Input, 10);
        metrics.RecordsIn("election", "all-votes", TaskType.Function, 10);
        metrics.RecordsOut("election", "all-votes", TaskType.Function, 4);
        metrics.RecordsIn("election", "results", TaskType.Output, 7);
        metrics.RecordsOut("election", "results", TaskType.Output, 7);

        var snapshot = listener.Snapshot();

        Assert.Equal((10, 7), (snapshot.RecordsIn, snapshot.RecordsOut));
    }

    [Fact]
    public void The_last_firings_are_kept_newest_first_up_to_a_bound()
    {
        var clock = new ManualTimeProvider(Start);
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics, clock);

        for (var i = 0; i < StreamMetricsListener.KeptFirings + 5; i++)
        {
            metrics.WindowsFired("election", "all-votes", "votes-per-hour", $"t{i}", i + 1);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var firings = listener.Snapshot().Firings;
        Assert.Equal(StreamMetricsListener.KeptFirings, firings.Count);
        Assert.Equal(new RecentFiring(Start.AddSeconds(24), "all-votes", "votes-per-hour", "t24", 25), firings[0]);
        Assert.Equal("t5", firings[^1].TriggerId);
    }

    [Fact]
    public void The_last_sweep_is_every_run_with_whether_it_swept_and_the_lag_of_the_last_that_did()
    {
        var clock = new ManualTimeProvider(Start);
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics, clock);

        metrics.SweeperLag("election", TimeSpan.FromMilliseconds(40));
        metrics.SweeperRan("election", swept: true);
        var swept = listener.Snapshot().LastSweep;
        clock.Advance(TimeSpan.FromSeconds(5));
        metrics.SweeperRan("election", swept: false);
        var notSwept = listener.Snapshot().LastSweep;

        Assert.Equal(new SweeperRun(Start, Swept: true, LagMilliseconds: 40), swept);
        Assert.Equal(new SweeperRun(Start.AddSeconds(5), Swept: false, LagMilliseconds: 40), notSwept);
        Assert.Equal(TimeSpan.FromMilliseconds(40), listener.Snapshot().SweeperLag);
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
        metrics.RecordsIn("job", "task", TaskType.Input, 1);
        metrics.WindowsFired("job", "task", "w", "t");

        var before = listener.Snapshot();
        metrics.RecordsIn("job", "task", TaskType.Input, 1);
        metrics.WindowsFired("job", "task", "w", "t");
        var after = listener.Snapshot();

        Assert.Equal(1, before.RecordsIn);
        Assert.Equal(1, before.Tasks["task"].RecordsIn);
        Assert.Single(before.Firings);
        Assert.Equal(2, after.RecordsIn);
        Assert.Equal(2, after.Tasks["task"].RecordsIn);
        Assert.Equal(2, after.Firings.Count);
    }

    [Fact]
    public void RecordsPerSecond_ComeFromTwoSnapshotsAndTheClock()
    {
        var clock = new ManualTimeProvider(Start);
        using var metrics = new StreamMetrics();
        using var listener = new StreamMetricsListener(metrics, clock);
        var first = listener.Snapshot();

        metrics.RecordsIn("job", "in", TaskType.Input, 500);
        metrics.RecordsOut("job", "out", TaskType.Output, 100);
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

        other.RecordsIn("job", "task", TaskType.Input, 1000);
        mine.RecordsIn("job", "task", TaskType.Input, 1);

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
                metrics.RecordsIn("job", $"task-{worker % 2}", TaskType.Input, 1);
                metrics.WindowsFired("job", $"task-{worker % 2}", "w", "t");
            }
        })));

        var snapshot = listener.Snapshot();
        Assert.Equal(8000, snapshot.RecordsIn);
        Assert.Equal(8000, snapshot.WindowsFired);
        Assert.Equal(4000, snapshot.Tasks["task-0"].RecordsIn);
        Assert.Equal(4000, snapshot.Tasks["task-1"].RecordsIn);
    }

    [Fact]
    public void AfterDispose_NothingMoreIsCounted()
    {
        using var metrics = new StreamMetrics();
        var listener = new StreamMetricsListener(metrics);
        metrics.RecordsIn("job", "task", TaskType.Input, 1);

        listener.Dispose();
        metrics.RecordsIn("job", "task", TaskType.Input, 1);

        Assert.Equal(1, listener.Snapshot().RecordsIn);
    }
}
