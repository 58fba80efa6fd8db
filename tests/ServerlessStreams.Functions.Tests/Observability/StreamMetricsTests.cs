using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Observability;

public sealed class StreamMetricsTests
{
    private static readonly Dictionary<string, Action<StreamMetrics>> Recorders = new()
    {
        [MetricNames.RecordsIn] = m => m.RecordsIn("election", "process-vote", TaskType.Input, 500),
        [MetricNames.RecordsOut] = m => m.RecordsOut("election", "process-vote", TaskType.Output, 480),
        [MetricNames.EntityTransactions] = m => m.EntityTransactions("election", "process-vote", 3),
        [MetricNames.EntityConflicts] = m => m.EntityConflicts("election", "process-vote"),
        [MetricNames.DedupeHits] = m => m.DedupeHits("election", "process-vote", 7),
        [MetricNames.LateRecords] = m => m.LateRecords("election", "process-vote", 2),
        [MetricNames.DeadLetters] = m => m.DeadLetters("election", "process-vote", 5),
    };

    public static TheoryData<string, double> TaskCounters => new()
    {
        { MetricNames.RecordsIn, 500 },
        { MetricNames.RecordsOut, 480 },
        { MetricNames.EntityTransactions, 3 },
        { MetricNames.EntityConflicts, 1 },
        { MetricNames.DedupeHits, 7 },
        { MetricNames.LateRecords, 2 },
        { MetricNames.DeadLetters, 5 },
    };

    [Theory]
    [MemberData(nameof(TaskCounters))]
    public void EachTaskCounter_RecordsItsCountWithJobAndTask(string instrument, double expected)
    {
        using var metrics = new StreamMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);

        Recorders[instrument](metrics);

        var measurement = recorded.Single(instrument);
        Assert.Equal(expected, measurement.Value);
        Assert.Equal("election", measurement.Tags[MetricNames.JobTag]);
        Assert.Equal("process-vote", measurement.Tags[MetricNames.TaskTag]);
        Assert.Single(recorded.All);
    }

    [Theory]
    [InlineData(TaskType.Input, "input")]
    [InlineData(TaskType.Function, "function")]
    [InlineData(TaskType.Output, "output")]
    public void RecordsInAndOut_TagTheTasksType(TaskType type, string tag)
    {
        using var metrics = new StreamMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);

        metrics.RecordsIn("election", "task", type, 3);
        metrics.RecordsOut("election", "task", type, 2);

        Assert.Equal(tag, recorded.Single(MetricNames.RecordsIn).Tags[MetricNames.TaskTypeTag]);
        Assert.Equal(tag, recorded.Single(MetricNames.RecordsOut).Tags[MetricNames.TaskTypeTag]);
    }

    [Fact]
    public void SweeperRan_CountsEveryRunWithWhetherItSwept()
    {
        using var metrics = new StreamMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);

        metrics.SweeperRan("election", swept: true);
        metrics.SweeperRan("election", swept: false);

        var runs = recorded.All.Where(m => m.Instrument == MetricNames.SweeperRuns).ToList();
        Assert.Equal([1.0, 1.0], runs.Select(r => r.Value));
        Assert.Equal(["true", "false"], runs.Select(r => r.Tags[MetricNames.SweptTag]));
        Assert.All(runs, r => Assert.Equal("election", r.Tags[MetricNames.JobTag]));
    }

    [Fact]
    public void BatchLatency_RecordsMilliseconds()
    {
        using var metrics = new StreamMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);

        metrics.BatchLatency("election", "process-vote", TimeSpan.FromMilliseconds(12.5));

        var measurement = recorded.Single(MetricNames.BatchDuration);
        Assert.Equal(12.5, measurement.Value);
        Assert.Equal("ms", measurement.Unit);
        Assert.Equal("process-vote", measurement.Tags[MetricNames.TaskTag]);
    }

    [Fact]
    public void WindowsFired_TagsTheWindowAndTrigger()
    {
        using var metrics = new StreamMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);

        metrics.WindowsFired("election", "process-vote", "votes-per-hour", "every-10", 4);

        var measurement = recorded.Single(MetricNames.WindowsFired);
        Assert.Equal(4, measurement.Value);
        Assert.Equal("votes-per-hour", measurement.Tags[MetricNames.WindowTag]);
        Assert.Equal("every-10", measurement.Tags[MetricNames.TriggerTag]);
        Assert.Equal("election", measurement.Tags[MetricNames.JobTag]);
    }

    [Fact]
    public void Lags_AreMilliseconds_AndNeverNegative()
    {
        using var metrics = new StreamMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);

        metrics.WatermarkLag("election", "process-vote", TimeSpan.FromSeconds(1.5));
        metrics.WatermarkLag("election", "process-vote", TimeSpan.FromSeconds(-2));
        metrics.SweeperLag("election", TimeSpan.FromMilliseconds(250));

        Assert.Equal([1500.0, 0.0], recorded.All.Where(m => m.Instrument == MetricNames.WatermarkLag).Select(m => m.Value));
        var sweeper = recorded.Single(MetricNames.SweeperLag);
        Assert.Equal(250, sweeper.Value);
        Assert.Equal("election", sweeper.Tags[MetricNames.JobTag]);
        Assert.False(sweeper.Tags.ContainsKey(MetricNames.TaskTag));
    }

    [Fact]
    public void ZeroCounts_RecordNothing()
    {
        using var metrics = new StreamMetrics();
        using var recorded = new RecordedMeasurements(metrics.Meter);

        metrics.RecordsIn("election", "process-vote", TaskType.Input, 0);
        metrics.WindowsFired("election", "process-vote", "w", "t", 0);

        Assert.Empty(recorded.All);
    }

    [Fact]
    public void NegativeCounts_AreRefusedNamingTheArgument()
    {
        using var metrics = new StreamMetrics();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RecordsOut("election", "results", TaskType.Output, -1));
        Assert.Equal("count", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.BatchLatency("election", "results", TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void TheMeter_IsNamedServerlessStreams_AlsoWhenAFactoryMakesIt()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new StreamMetrics(services.GetRequiredService<IMeterFactory>());
        using var recorded = new RecordedMeasurements(metrics.Meter);

        metrics.RecordsIn("job", "task", TaskType.Input, 1);

        Assert.Equal(StreamMetrics.MeterName, metrics.Meter.Name);
        Assert.Equal("ServerlessStreams", StreamMetrics.MeterName);
        Assert.Equal(1, recorded.Single(MetricNames.RecordsIn).Value);
    }

    [Fact]
    public void TwoInstances_DoNotSeeEachOthersMeasurements()
    {
        using var first = new StreamMetrics();
        using var second = new StreamMetrics();
        using var recorded = new RecordedMeasurements(first.Meter);

        second.RecordsIn("other", "task", TaskType.Input, 10);
        first.RecordsIn("mine", "task", TaskType.Input, 1);

        Assert.Equal("mine", Assert.Single(recorded.All).Tags[MetricNames.JobTag]);
    }
}
